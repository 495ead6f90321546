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

/**
 * 知识产权类型: a copy of src/domain/ip-items.ts's IP_KINDS. The catalogue's ipKind and the
 * match filters' ipType both take them (the filters also read 实用新型专利 as 实用新型).
 */
export const IP_KINDS = [
  '发明专利',
  '实用新型',
  '外观设计',
  '软件著作权',
  '植物新品种',
  '集成电路布图',
  '技术秘密',
] as const;

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

/** Why a proposal (揭榜方案) was not awarded: a copy of src/challenges/schema.ts's PROPOSAL_REASONS. */
export const PROPOSAL_REASONS = [
  { code: 'immature', label: '技术成熟度不足' },
  { code: 'no_advantage', label: '相对现有技术优势不明显' },
  { code: 'cost', label: '成本或预算不符' },
  { code: 'ip', label: '知识产权归属或状态问题' },
  { code: 'unclear', label: '描述不清需补充信息' },
  { code: 'irrelevant', label: '与需求无关' },
  { code: 'indicators_unmet', label: '预期指标未达到榜单要求' },
  { code: 'other_selected', label: '已选定其他方案' },
  { code: 'timeline', label: '实施周期不符' },
  { code: 'challenge_unsolved', label: '榜单流榜，无方案入选' },
  { code: 'challenge_cancelled', label: '榜单已撤销' },
] as const;

/** A challenge's states in words. */
export const CHALLENGE_STATE_LABELS: Record<string, string> = {
  draft: '草稿',
  published: '征集中',
  closed: '已截止',
  evaluating: '评审中',
  awarded: '已揭榜',
  unsolved: '流榜',
  cancelled: '已撤销',
};

export const PROPOSAL_STATE_LABELS: Record<string, string> = {
  submitted: '已提交',
  withdrawn: '已撤回',
  awarded: '中榜',
  not_awarded: '未中榜',
};

/** An introduction's states in words (docs/introductions.md). */
export const INTRODUCTION_STATE_LABELS: Record<string, string> = {
  proposed: '待发送',
  sent: '已发送',
  accepted: '企业已接受',
  negotiating: '洽谈中',
  signed: '已签约',
  declined: '已婉拒',
  withdrawn: '已撤回',
  expired: '已过期',
};

/**
 * Who may move an introduction where: a copy of src/introductions/machine.ts's table,
 * so the board offers only the moves the service will take (the service still decides).
 */
const BROKER = ['broker', 'admin'];
const EITHER_SIDE = ['enterprise', 'broker', 'admin'];
export const INTRODUCTION_TRANSITIONS: Record<string, Record<string, string[]>> = {
  proposed: { sent: BROKER, withdrawn: BROKER },
  sent: { accepted: EITHER_SIDE, declined: EITHER_SIDE, withdrawn: BROKER, expired: ['system'] },
  accepted: { negotiating: EITHER_SIDE, signed: BROKER, declined: EITHER_SIDE, withdrawn: BROKER },
  negotiating: { signed: BROKER, declined: EITHER_SIDE, withdrawn: BROKER },
  signed: {},
  declined: {},
  withdrawn: {},
  expired: {},
};

/** 技术合同 types. */
export const CONTRACT_TYPES = ['技术开发', '技术转让', '技术许可', '技术咨询', '技术服务'] as const;
