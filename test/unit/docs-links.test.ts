import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every relative link of README.md and docs/*.md leads somewhere: the file exists and, when the link names an
 * anchor in a Markdown file, that file has a heading of that anchor (GitHub's slugs).
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks and inline code. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens; repeats get -1, -2 … */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const text = (heading ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*_]/g, '');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

function linksOf(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1] ?? '');
}

describe.each(documents)('%s', (document) => {
  const text = readFileSync(join(root, document), 'utf8');
  const links = linksOf(text).filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link));

  it('has relative links that resolve, anchors included', () => {
    const broken: string[] = [];
    for (const link of links) {
      const [path = '', anchor] = link.split('#');
      const target = path === '' ? join(root, document) : resolve(dirname(join(root, document)), path);
      if (!existsSync(target)) {
        broken.push(`${link}: no such file`);
        continue;
      }
      if (anchor === undefined || statSync(target).isDirectory() || !target.endsWith('.md')) continue;
      const anchors = anchorsOf(readFileSync(target, 'utf8'));
      if (!anchors.has(decodeURIComponent(anchor))) {
        broken.push(`${link}: ${relative(root, target)} has no heading #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

it('reads the anchors as GitHub makes them', () => {
  expect([...anchorsOf('# A: b & c\n## Try it with `curl`\n## Twice\n## Twice\n')]).toEqual([
    'a-b--c',
    'try-it-with-curl',
    'twice',
    'twice-1',
  ]);
});
