/** Every page of the corpus gives exactly its expected captchas, in page order, with exactly the expected fields. */
import { detectCaptchas, RECOGNISERS } from '../../nodes/CapMonster/detect';
import { findTaskType } from '../../nodes/CapMonster/taskTypes';
import { CORPUS, page } from './corpus';

describe('detection corpus', () => {
	it.each(CORPUS.map((entry) => [entry.file, entry]))('%s', (_file, entry) => {
		const detections = detectCaptchas(page(entry.file), entry.pageUrl);
		const actual = detections.map((detection) => {
			const { websiteURL, ...values } = detection.values;
			expect(websiteURL).toBe(entry.pageUrl);
			return {
				taskType: detection.taskType,
				websiteKey: detection.websiteKey,
				values,
				missing: detection.missing,
			};
		});
		expect(actual).toEqual(entry.expect.map((expected) => ({ missing: [], ...expected })));
		for (const detection of detections) {
			expect(detection.evidence.length).toBeGreaterThan(10);
			expect(detection.evidence.length).toBeLessThanOrEqual(200);
			expect(detection.supported).toBe(detection.taskType !== null);
			if (!detection.supported) expect(detection.reason).toMatch(/does not solve/);
		}
	});

	it('has pages for every family', () => {
		const covered = new Set(CORPUS.map((entry) => entry.family));
		expect(
			RECOGNISERS.map((recogniser) => recogniser.family).filter((family) => !covered.has(family)),
		).toEqual([]);
	});

	it('names only task types of the catalogue, with fields those types declare', () => {
		for (const recogniser of RECOGNISERS)
			for (const value of recogniser.taskTypes) expect(findTaskType(value)).toBeDefined();
		for (const entry of CORPUS)
			for (const expected of entry.expect) {
				if (!expected.taskType) continue;
				const names = findTaskType(expected.taskType)!.fields.map((field) => field.name);
				expect(Object.keys(expected.values).filter((name) => !names.includes(name))).toEqual([]);
			}
	});
});
