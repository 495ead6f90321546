export * from './schema.js';
export * from './lifecycle.js';
export * from './access.js';
export * from './service.js';
export { INVITATION_TOPIC, invitationId } from './invitations.js';
export { signedIntroductionOpsForAward } from './award.js';
