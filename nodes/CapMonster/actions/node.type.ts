/** Resource → operation names, so the router's table is checked by the compiler. */
type NodeMap = {
	task: 'create' | 'getResult';
	report: 'incorrectToken' | 'incorrectImage';
	account: 'getBalance' | 'getUserAgent';
};

export type CapMonsterResource = keyof NodeMap;
export type CapMonsterOperation<R extends CapMonsterResource> = NodeMap[R];
