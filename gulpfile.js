const path = require('node:path');
const { task, src, dest } = require('gulp');

// tsc emits the code; icons and codex files are copied next to the compiled nodes and credentials.
task('build:assets', copyAssets);

function copyAssets() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'nodes/**/*.node.json'], {
		base: '.',
		encoding: false,
	}).pipe(dest(path.resolve('dist')));
}
