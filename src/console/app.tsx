/**
 * The console's shell: restores the session from this tab's stored key, shows the
 * sign-in when there is none, and otherwise the navigation and the screen the URL
 * names. Screens are listed in screens.tsx.
 */
import { useEffect, useState } from 'preact/hooks';
import { ScreenHeading } from './components/heading';
import { ErrorNote, Placeholders } from './components/states';
import { Link, href, matchPath, navigate, useLocation } from './router';
import { SCREENS, homeOf, navigationFor } from './screens';
import { type Session, signIn, signOut, storedKey } from './session';
import { SignIn } from './sign-in';
import { messageOf } from './use-load';
import { ROLE_NAMES } from './vocab';

type Boot = { state: 'checking' } | { state: 'signed-out'; notice?: string } | { state: 'signed-in'; session: Session };

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const location = useLocation();
  const { caller } = session;
  useEffect(() => {
    if (location.path === '/' || location.path === '/sign-in') {
      navigate(location.query.get('next') ?? homeOf(caller), { replace: true });
    }
  }, [location.path]);

  let content = null;
  for (const screen of SCREENS) {
    const params = matchPath(screen.path, location.path);
    if (!params) continue;
    const Component = screen.component;
    content = screen.roles.includes(caller.role) ? (
      <Component key={screen.path} session={session} params={params} query={location.query} />
    ) : (
      <section>
        <ScreenHeading title="无权访问" />
        <ErrorNote message={`${ROLE_NAMES[caller.role]}不能打开此页面。`} />
      </section>
    );
    break;
  }
  if (!content && location.path !== '/' && location.path !== '/sign-in') {
    content = (
      <section>
        <ScreenHeading title="页面不存在" />
        <p>
          没有这个页面。<Link to={homeOf(caller)}>返回首页</Link>
        </p>
      </section>
    );
  }

  return (
    <>
      <a class="skip-link" href="#main">
        跳到主要内容
      </a>
      <header class="top">
        <div class="brand">科技成果对接工作台</div>
        <nav aria-label="主导航">
          <ul>
            {navigationFor(caller).map((entry) => (
              <li key={entry.to}>
                <Link
                  to={entry.to}
                  aria-current={location.path === entry.to.split('?')[0] ? 'page' : undefined}
                  class="nav-link"
                >
                  {entry.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span>
            {ROLE_NAMES[caller.role]}
            {caller.name ? ` · ${caller.name}` : ''}
            {caller.enterpriseId ? ` · ${caller.enterpriseId}` : ''}
          </span>
          <button type="button" onClick={onSignOut}>
            退出
          </button>
        </div>
      </header>
      <main id="main">{content}</main>
    </>
  );
}

export function App() {
  const location = useLocation();
  const [boot, setBoot] = useState<Boot>(() => (storedKey() ? { state: 'checking' } : { state: 'signed-out' }));

  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    signIn(key).then(
      (session) => setBoot({ state: 'signed-in', session }),
      (error: unknown) => {
        signOut();
        setBoot({ state: 'signed-out', notice: `请重新登录：${messageOf(error)}` });
      },
    );
  }, []);

  // Signed out on a deep link: sign in first, then come back to it.
  useEffect(() => {
    if (boot.state === 'signed-out' && location.path !== '/sign-in') {
      const next = location.path === '/' ? undefined : location.path + window.location.search;
      navigate(href('/sign-in', { next }), { replace: true });
    }
  }, [boot.state, location.path]);

  if (boot.state === 'checking') return <Placeholders count={1} label="正在恢复登录…" />;
  if (boot.state === 'signed-out') {
    return (
      <main id="main" class="centered">
        <SignIn notice={boot.notice} onSignedIn={(session) => setBoot({ state: 'signed-in', session })} />
      </main>
    );
  }
  return (
    <Shell
      session={boot.session}
      onSignOut={() => {
        signOut();
        setBoot({ state: 'signed-out' });
        navigate('/sign-in');
      }}
    />
  );
}
