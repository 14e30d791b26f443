import type { ResourceModule } from '../operations';
import * as getBalance from './getBalance.operation';
import * as getUserAgent from './getUserAgent.operation';

export const definition: ResourceModule = {
	resource: { name: 'Account', value: 'account' },
	operations: [getBalance, getUserAgent],
	defaultOperation: 'getBalance',
};
