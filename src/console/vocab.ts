/**
 * The controlled vocabularies the filters offer. Copies of src/domain's lists (the
 * bundle imports nothing from the server); test/console/vocab.test.ts fails when
 * they drift apart.
 */

/** 14 key industries (重点产业) plus 其他 */
export const INDUSTRIES = [
  '汽车制造',
  '石油化工',
  '农产品精深加工',
  '医药健康',
  '装备制造',
  '建筑',
  '旅游',
  '新一代信息网络',
  '智能绿色制造',
  '现代农业',
  '现代能源',
  '资源高效利用和生态环保',
  '智慧城市和数字社会',
  '人口健康',
  '其他',
] as const;

/** 成熟度 */
export const MATURITY_LEVELS = ['实验室', '小试', '中试', '产业化'] as const;

/** 合作方式 / 转化方式 */
export const COOPERATION_MODES = [
  '技术转让',
  '技术许可',
  '合作开发',
  '委托开发',
  '技术咨询',
  '技术服务',
  '作价入股',
] as const;

/** 知识产权类型 as the demo catalogue uses them, until the catalogue's facets (issue 9) list the real ones. */
export const IP_TYPES = ['发明专利', '实用新型专利', '软件著作权', '技术秘密'] as const;

/** The last eight publication quarters (按季度公布), newest first: `2026Q4`, `2026Q3`, … */
export function recentQuarters(today = new Date(), count = 8): string[] {
  let year = today.getFullYear();
  let quarter = Math.floor(today.getMonth() / 3) + 1;
  const quarters: string[] = [];
  for (let i = 0; i < count; i += 1) {
    quarters.push(`${year}Q${quarter}`);
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  return quarters;
}

export const ROLE_NAMES: Record<string, string> = {
  admin: '管理员',
  broker: '技术经纪人',
  enterprise: '企业用户',
  researcher: '科研团队',
};
