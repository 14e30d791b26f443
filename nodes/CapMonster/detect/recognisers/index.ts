/**
 * Every captcha family the scanner recognises, one module each. A new family is one module here
 * plus its fixtures in test/detect/corpus/ (the corpus test lists every family that has none).
 */
import type { Recogniser } from '../types';
import { altcha } from './altcha';
import { amazon } from './amazon';
import { arkose } from './arkose';
import { datadome } from './datadome';
import { friendly } from './friendly';
import { geetest } from './geetest';
import { hcaptcha } from './hcaptcha';
import { mtcaptcha } from './mtcaptcha';
import { prosopo } from './prosopo';
import { recaptcha } from './recaptcha';
import { tencent } from './tencent';
import { turnstile } from './turnstile';
import { yidun } from './yidun';

export const RECOGNISERS: Recogniser[] = [
	recaptcha,
	turnstile,
	hcaptcha,
	geetest,
	arkose,
	datadome,
	amazon,
	mtcaptcha,
	prosopo,
	friendly,
	altcha,
	yidun,
	tencent,
];
