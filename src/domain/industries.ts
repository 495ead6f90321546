/** The fourteen key industries (重点产业) named by the Jilin plan, plus 其他 for the rest. */
export const KEY_INDUSTRIES = [
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
] as const;

export const OTHER_INDUSTRY = '其他';

export const INDUSTRIES = [...KEY_INDUSTRIES, OTHER_INDUSTRY] as const;
export type Industry = (typeof INDUSTRIES)[number];
