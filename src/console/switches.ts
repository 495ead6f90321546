/**
 * Switches for what the service can do yet. The workflows below are built on other
 * branches; when one lands, flip its switch (one line) and add its screen module
 * to screens.tsx.
 */
export const SWITCHES = {
  /** POST /v1/introductions (issue 8): the workbench's 「发起对接」 button. */
  introductions: false,
  /** GET /v1/catalogue with facets (issue 9): see catalogue-source.ts. */
  catalogueFacets: false,
} as const;
