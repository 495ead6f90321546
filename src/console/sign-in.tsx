/** 登录: the API key, checked against the service (GET /v1/me) before it is kept for the session. */
import { useState } from 'preact/hooks';
import { ScreenHeading } from './components/heading';
import { ErrorNote } from './components/states';
import { type Session, signIn } from './session';
import { messageOf } from './use-load';

export function SignIn({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice?: string }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>(notice);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn(key));
    } catch (failure) {
      setError(`登录失败：${messageOf(failure)}`);
      setBusy(false);
    }
  };
  return (
    <section class="sign-in card">
      <ScreenHeading title="登录" />
      <p>请输入您的 API 密钥。密钥只保存在本浏览器标签页中，关闭标签页即失效。</p>
      <form onSubmit={submit} aria-label="登录">
        <div class="field field-wide">
          <label for="api-key">API 密钥</label>
          <input
            id="api-key"
            name="apiKey"
            type="password"
            autoComplete="off"
            spellcheck={false}
            value={key}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'sign-in-error' : undefined}
            onInput={(event) => setKey((event.target as HTMLInputElement).value)}
          />
        </div>
        {error ? (
          <div id="sign-in-error">
            <ErrorNote message={error} />
          </div>
        ) : null}
        <button type="submit" class="primary" disabled={busy || key.trim() === ''}>
          {busy ? '正在验证…' : '登录'}
        </button>
      </form>
      <p class="muted small">没有密钥？请联系管理员：npm run cli -- keys create --role broker</p>
    </section>
  );
}
