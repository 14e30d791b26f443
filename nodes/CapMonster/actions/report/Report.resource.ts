import type { ResourceModule } from '../operations';
import * as incorrectImage from './incorrectImage.operation';
import * as incorrectToken from './incorrectToken.operation';

export const definition: ResourceModule = {
	resource: { name: 'Report', value: 'report' },
	operations: [incorrectToken, incorrectImage],
	defaultOperation: 'incorrectToken',
};
