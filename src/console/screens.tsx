/**
 * Every screen of the console: its path, who may open it, and its navigation entry.
 * A workflow's screen (introductions board, statistics, publication and
 * subscriptions, challenges) is one module under screens/ plus one entry here, once
 * its API has landed.
 */
import type { FunctionComponent } from 'preact';
import type { ScreenProps } from './screen';
import { AchievementScreen } from './screens/achievement';
import { CatalogueScreen } from './screens/catalogue';
import { DemandsScreen } from './screens/demands';
import { EnterpriseScreen } from './screens/enterprise';
import { FreeMatchScreen } from './screens/free-match';
import { WorkbenchScreen } from './screens/workbench';
import type { Caller, Role } from './types';

export interface Screen {
  path: string;
  roles: readonly Role[];
  component: FunctionComponent<ScreenProps>;
  /** Shown in the navigation when present: its label and where it leads for this caller. */
  nav?: { label: (caller: Caller) => string; to: (caller: Caller) => string };
}

const EVERYONE: readonly Role[] = ['admin', 'broker', 'enterprise', 'researcher'];
const DEMAND_READERS: readonly Role[] = ['admin', 'broker', 'enterprise'];

export const SCREENS: Screen[] = [
  {
    path: '/enterprises/:id',
    roles: DEMAND_READERS,
    component: EnterpriseScreen,
    nav: {
      label: () => '我的企业',
      to: (caller) =>
        caller.role === 'enterprise' ? `/enterprises/${encodeURIComponent(caller.enterpriseId ?? '')}` : '',
    },
  },
  {
    path: '/catalogue',
    roles: EVERYONE,
    component: CatalogueScreen,
    nav: { label: () => '成果库', to: () => '/catalogue' },
  },
  { path: '/achievements/:id', roles: EVERYONE, component: AchievementScreen },
  {
    path: '/demands',
    roles: DEMAND_READERS,
    component: DemandsScreen,
    nav: { label: (caller) => (caller.role === 'enterprise' ? '我的需求' : '需求工作台'), to: () => '/demands' },
  },
  { path: '/demands/:id', roles: DEMAND_READERS, component: WorkbenchScreen },
  {
    path: '/match',
    roles: EVERYONE,
    component: FreeMatchScreen,
    nav: { label: () => '自由文本匹配', to: () => '/match' },
  },
];

/** Where a caller lands after signing in. */
export function homeOf(caller: Caller): string {
  if (caller.role === 'enterprise' && caller.enterpriseId)
    return `/enterprises/${encodeURIComponent(caller.enterpriseId)}`;
  return '/catalogue';
}

export function navigationFor(caller: Caller): { label: string; to: string }[] {
  return SCREENS.filter((screen) => screen.nav && screen.roles.includes(caller.role))
    .map((screen) => ({ label: screen.nav!.label(caller), to: screen.nav!.to(caller) }))
    .filter((entry) => entry.to !== '');
}
