/** A terminal progress bar (stderr) for long stages: embedding, importing. */
import cliProgress from 'cli-progress';
/** Reports how far a long stage has come; the engine's progress callbacks have this shape. */
export type Progress = (stage: string, done: number, total: number) => void;

export function progressBar(): { onProgress: Progress; stop: () => void } {
  let bar: cliProgress.SingleBar | null = null;
  let currentStage = '';
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  const onProgress: Progress = (stage, done, total) => {
    if (stage !== currentStage || !bar) {
      stop();
      currentStage = stage;
      bar = new cliProgress.SingleBar(
        {
          format: `${stage.padEnd(22)} [{bar}] {value}/{total} {percentage}% eta {eta_formatted}`,
          stream: process.stderr,
          noTTYOutput: true,
          notTTYSchedule: 5000,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    }
    bar.update(done);
    if (done >= total) stop();
  };
  return { onProgress, stop };
}
