// Turns the crawler-user-agents package's JSON into bot_patterns.txt, the data file compiled
// into tribune: one regular expression per line, after a header naming origin and version.
// Usage: node convert.mjs PACKAGE_DIR OUTPUT_FILE
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [packageDir, output] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const entries = JSON.parse(readFileSync(join(packageDir, 'crawler-user-agents.json'), 'utf8'));
const lines = [
  `# origin: ${meta.name} ${meta.version} from the npm registry (${meta.license} licence), ${meta.homepage ?? ''}`.trim(),
  `# ${entries.length} case-sensitive patterns; a user agent matching any of them is a crawler`,
  ...entries.map((entry) => entry.pattern),
];
writeFileSync(output, lines.join('\n') + '\n');
// The instances double as test data: every one must be recognized.
const instances = entries.flatMap((entry) => entry.instances ?? []);
writeFileSync(output.replace(/\.txt$/, '_instances.txt'), instances.join('\n') + '\n');
