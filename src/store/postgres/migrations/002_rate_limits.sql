-- Rate-limit counters shared by every replica, so a key's budget is the same whichever
-- replica answers. One row per budget and key; a row past reset_at starts a new window.
CREATE UNLOGGED TABLE rate_limits (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  reset_at timestamptz NOT NULL
);
