/**
 * Runs `work(0..count-1)` with at most `limit` in flight. Items start in input order; a slow or failed
 * item never holds the others. `shouldStop` lets the caller end early (no new items are started).
 */
export async function runPool(
	count: number,
	limit: number,
	work: (index: number) => Promise<void>,
	shouldStop: () => boolean,
): Promise<void> {
	let next = 0;
	const lane = async () => {
		while (next < count && !shouldStop()) {
			const index = next++;
			await work(index);
		}
	};
	const lanes = Math.max(1, Math.min(limit, count));
	await Promise.all(Array.from({ length: lanes }, lane));
}
