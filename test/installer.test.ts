/**
 * How the e2e installer (scripts/lib/n8n.ts) reads npm's failures: which packages the registry
 * lacks, which failures are network hiccups worth one retry, and which version stands in for a
 * missing internal pin.
 */
import { isNetworkFailure, missingPackages, newestOfLine } from '../scripts/lib/n8n';

describe('the n8n installer', () => {
	it('reads the missing pin from an ETARGET error', () => {
		const out = [
			'npm error code ETARGET',
			'npm error notarget No matching version found for @n8n/agents@0.26.2.',
			'npm error notarget In most cases you or one of your dependencies are requesting',
		].join('\n');
		expect(missingPackages(out)).toEqual([{ name: '@n8n/agents', version: '0.26.2' }]);
		expect(
			missingPackages('npm error notarget No matching version found for n8n-core@2.41.2.'),
		).toEqual([{ name: 'n8n-core', version: '2.41.2' }]);
	});

	it('reads the missing package from a 404, scoped or not', () => {
		expect(
			missingPackages(
				'npm error 404 Not Found - GET https://registry.npmjs.org/cssomnom - Not found',
			),
		).toEqual([{ name: 'cssomnom' }]);
		expect(
			missingPackages(
				'npm error 404 Not Found - GET https://registry.npmjs.org/@n8n%2fengine - Not found',
			),
		).toEqual([{ name: '@n8n/engine' }]);
	});

	it('retries network errors only, not build failures', () => {
		expect(isNetworkFailure('npm error code ECONNRESET\nnpm error network aborted')).toBe(true);
		expect(isNetworkFailure('npm error code EAI_AGAIN')).toBe(true);
		expect(isNetworkFailure('gyp ERR! build error\nmake: g++: No such file or directory')).toBe(
			false,
		);
		expect(isNetworkFailure('npm error code ETARGET')).toBe(false);
	});

	it('substitutes the newest published version of the same major.minor line', () => {
		const published = ['2.40.3', '2.41.0', '2.41.1', '2.42.0-rc.1', '2.5.0', '2.41.10'];
		expect(newestOfLine(published, '2.41.2')).toBe('2.41.10');
		expect(newestOfLine(['0.26.0', '0.26.1', '0.27.0'], '0.26.2')).toBe('0.26.1');
		expect(newestOfLine(['1.0.0'], '2.41.2')).toBeUndefined();
	});
});
