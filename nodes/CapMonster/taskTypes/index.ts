import { TASK_TYPES } from './catalogue';
import type { TaskTypeSpec } from './types';

export { TASK_TYPES } from './catalogue';
export { buildTask, type FieldValues } from './build';
export { taskTypeProperties } from './properties';
export type { TaskTypeSpec } from './types';

const BY_VALUE = new Map(TASK_TYPES.map((type) => [type.value, type]));

export function findTaskType(value: string): TaskTypeSpec | undefined {
	return BY_VALUE.get(value);
}
