import { describe, expect, it } from 'vitest';
import { csvRecords, splitCsv } from './csv';

describe('csv', () => {
  it('splits quoted cells holding separators, quotes and line breaks, CRLF or LF', () => {
    expect(splitCsv('a,"b, c","say ""hi"""\r\n1,"two\nlines",3\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', 'two\nlines', '3'],
    ]);
  });
  it('gives records keyed by the header, skipping blank lines', () => {
    expect(csvRecords('file,model_input\nx.png,"window centre 128, width 256"\n\n')).toEqual([{ file: 'x.png', model_input: 'window centre 128, width 256' }]);
  });
});
