/**
 * The polling policy, as one table (after the official CapMonster clients' timing table), clamped to the
 * documented limits: at least 2 s between two polls of one task and at most 120 polls per task.
 */
import type { TimingProfile } from '../taskTypes/types';

export const MIN_POLL_INTERVAL_MS = 2000;
export const MAX_POLLS_PER_TASK = 120;
/** Gap between two createTask calls of one execution (at most 500 per second), so tasks do not poll in lock-step. */
export const CREATE_SPACING_MS = 2;
/** Longest wait for one HTTP answer; a request never outlives the item's overall deadline either. */
export const REQUEST_TIMEOUT_MS = 30000;

export interface Timing {
	/** Wait after createTask before the first poll. */
	firstDelayMs: number;
	/** The same with nocache on: such tasks are not served from cache, so they take longer. */
	firstDelayNoCacheMs: number;
	/** Wait between polls, counted from the previous answer (so the server never sees a shorter gap). */
	intervalMs: number;
	/** Give up after this long (overridable by the user's Timeout option). */
	timeoutMs: number;
}

/**
 * Vendor clients poll image tasks every 0.2 s and token tasks every 1–3 s; the docs forbid less than 2 s,
 * so every interval here is the 2 s floor, which also returns a ready task within about one second on average.
 */
export const TIMINGS = {
	/** reCAPTCHA v2/v3/Enterprise: 10–80 s typical. */
	recaptcha: {
		firstDelayMs: 1000,
		firstDelayNoCacheMs: 10000,
		intervalMs: 2000,
		timeoutMs: 180000,
	},
	/** Image to Text and image grids: 0.3–6 s typical. */
	image: { firstDelayMs: 350, firstDelayNoCacheMs: 350, intervalMs: 2000, timeoutMs: 30000 },
	/** Turnstile, GeeTest, FunCaptcha, Amazon, Altcha, Castle, TSPD, HUNT: 5–30 s typical (vendor clients: 80 s). */
	token: { firstDelayMs: 1000, firstDelayNoCacheMs: 10000, intervalMs: 2000, timeoutMs: 80000 },
	/** Imperva and Binance: the vendor clients give up after 15–20 s. */
	short: { firstDelayMs: 1000, firstDelayNoCacheMs: 10000, intervalMs: 2000, timeoutMs: 20000 },
	/** DataDome, TenDI, Temu, Alibaba, Friendly Captcha, Basilisk, Prosopo, Yidun, MTCaptcha, raw JSON: up to 3 minutes. */
	long: { firstDelayMs: 1000, firstDelayNoCacheMs: 10000, intervalMs: 2000, timeoutMs: 180000 },
} satisfies Record<TimingProfile, Timing>;

/** The timing of one task, with the user's timeout (seconds) applied and the documented limits enforced. */
export function resolveTiming(profile: TimingProfile, userTimeoutSeconds?: number): Timing {
	const base: Timing = TIMINGS[profile];
	const timeoutMs =
		userTimeoutSeconds !== undefined && userTimeoutSeconds > 0
			? userTimeoutSeconds * 1000
			: base.timeoutMs;
	return {
		...base,
		intervalMs: Math.max(base.intervalMs, MIN_POLL_INTERVAL_MS),
		timeoutMs,
	};
}
