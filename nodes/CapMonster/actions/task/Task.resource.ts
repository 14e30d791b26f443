import type { ResourceModule } from '../operations';
import * as create from './create.operation';
import * as detect from './detect.operation';
import * as getResult from './getResult.operation';

export const definition: ResourceModule = {
	resource: { name: 'Task', value: 'task' },
	operations: [create, getResult, detect],
	defaultOperation: 'create',
};
