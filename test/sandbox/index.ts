/** Local CapMonster Cloud sandbox: see server.ts for how it is put together, state.ts for the service rules, taskTypes.ts for the task types. */
export { startSandbox, DEFAULT_USER_AGENT, DEMO_SITE_KEY } from './server';
export type {
	Sandbox,
	SandboxOptions,
	ResolvedSandboxOptions,
	SandboxStats,
	SandboxTask,
	TaskStatus,
	TaskReport,
	CallbackAttempt,
	FormSubmission,
	RequestLogEntry,
} from './server';
export type { FaultRule, FaultKind } from './faults';
export { answerForImage, renderCaptchaPng } from './captchaImage';
export { TASK_TYPES, UNSUPPORTED_TYPES } from './taskTypes';
export type {
	TaskTypeDeclaration,
	TaskVariant,
	FieldSpec,
	ProxyRule,
	ReportKind,
	Solution,
} from './taskTypes';
export { checkTask } from './validation';
