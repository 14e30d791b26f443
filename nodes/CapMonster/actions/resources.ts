/** Every resource of the node, in the order of the Resource dropdown. A new resource goes here. */
import { definition as account } from './account/Account.resource';
import type { ResourceModule } from './operations';
import { definition as report } from './report/Report.resource';
import { definition as task } from './task/Task.resource';

export const RESOURCES: ResourceModule[] = [account, report, task];
