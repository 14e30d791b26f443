/**
 * Benchmark of the captcha scanner: `npm run bench:detect [-- --json] [--runs N]`.
 * Two synthetic but realistic pages — a typical 200 KB shop page (navigation, product cards,
 * inline JSON state, analytics snippets, a reCAPTCHA and a Turnstile) and a 5 MB page (the same
 * markup repeated, plus a 1 MB inline script bundle) — each scanned N times after a warm-up;
 * prints the median and the 95th percentile. Not a test: figures depend on the machine.
 */
import { detectCaptchas } from '../../nodes/CapMonster/detect';

function card(i: number): string {
	return `<article class="product-card" data-id="${i}" data-sku="SKU-${(i * 7919) % 100000}">
  <a href="/p/${i}/item-${i}" class="product-link"><img src="https://cdn.example.com/img/${i}.webp" alt="Product ${i}" loading="lazy" width="320" height="320"></a>
  <h3 class="product-title"><a href="/p/${i}">Product number ${i} &amp; accessories</a></h3>
  <div class="price" data-currency="EUR"><span class="amount">${(i % 97) + 0.99}</span></div>
  <button class="btn btn-primary add-to-cart" data-product="${i}" aria-label="Add to cart">Add to cart</button>
  <!-- rating widget -->
  <div class="rating" style="--rating: ${i % 5}" title="${i % 5} of 5"></div>
</article>\n`;
}

function inlineScript(i: number): string {
	return `<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);} // analytics
  gtag('event', 'view_item_list', { items: [${Array.from({ length: 8 }, (_, k) => `{ id: 'SKU-${i}-${k}', price: ${k}.5, name: "Item \\"${k}\\"" }`).join(', ')}] });
  /* lazy-load images below the fold */
  document.querySelectorAll('img[loading=lazy]').forEach(function (img) { if (/\\.webp$/.test(img.src)) img.decoding = 'async'; });
</script>\n`;
}

const HEAD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<link rel="preconnect" href="https://www.google.com"><link rel="stylesheet" href="/css/app.css">
<script src="https://www.google.com/recaptcha/api.js" async defer></script>
<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>
<style>${'.product-card{display:grid;gap:8px}.price{font-weight:700}'.repeat(40)}</style></head><body>
<nav>${Array.from({ length: 60 }, (_, i) => `<a href="/c/${i}">Category ${i}</a>`).join('')}</nav>\n`;

const CAPTCHAS = `<form id="newsletter"><div class="g-recaptcha" data-sitekey="6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI"></div></form>
<form id="login"><div class="cf-turnstile" data-sitekey="0x4AAAAAAADnPIDROrmt1Wwj" data-action="login"></div></form>\n`;

function body(bytes: number): string {
	const parts: string[] = [];
	let size = 0;
	for (let i = 0; size < bytes; i++) {
		const chunk = i % 12 === 11 ? inlineScript(i) : card(i);
		parts.push(chunk);
		size += chunk.length;
	}
	return parts.join('');
}

function bundle(bytes: number): string {
	const unit = `function m${'$'}(a,b){return a&&b?a.concat(b):a||b}var cfg={"api":"https:\\/\\/api.example.com\\/v2","retry":3,"re":/^[a-z]+\\/\\d+$/i};/* module */\n`;
	return `<script>${unit.repeat(Math.ceil(bytes / unit.length))}</script>`;
}

const typical =
	HEAD + body(200 * 1024 - HEAD.length - CAPTCHAS.length) + CAPTCHAS + '</body></html>';
const large = HEAD + body(4 * 1024 * 1024) + bundle(1024 * 1024) + CAPTCHAS + '</body></html>';

function measure(
	html: string,
	runs: number,
): { bytes: number; medianMs: number; p95Ms: number; found: number } {
	for (let i = 0; i < 3; i++) detectCaptchas(html, 'https://shop.example.com/');
	const times: number[] = [];
	let found = 0;
	for (let i = 0; i < runs; i++) {
		const started = process.hrtime.bigint();
		found = detectCaptchas(html, 'https://shop.example.com/').length;
		times.push(Number(process.hrtime.bigint() - started) / 1e6);
	}
	times.sort((a, b) => a - b);
	return {
		bytes: html.length,
		medianMs: times[Math.floor(times.length / 2)],
		p95Ms: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))],
		found,
	};
}

function main(): void {
	const args = process.argv.slice(2);
	const runsAt = args.indexOf('--runs');
	const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 50;
	const results = {
		typical: measure(typical, runs),
		large: measure(large, Math.max(5, Math.round(runs / 5))),
	};
	if (args.includes('--json')) {
		process.stdout.write(`${JSON.stringify({ node: process.version, ...results }, null, 2)}\n`);
		return;
	}
	for (const [name, r] of Object.entries(results)) {
		process.stdout.write(
			`${name.padEnd(8)} ${(r.bytes / 1024).toFixed(0).padStart(6)} KB  median ${r.medianMs.toFixed(2)} ms  p95 ${r.p95Ms.toFixed(2)} ms  (${r.found} captchas found)\n`,
		);
	}
}

main();
