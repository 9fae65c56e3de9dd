/** The Setup page's PATCH body (src/web/components/master-table.tsx changedFields): only what changed, parsed. */
import { describe, expect, it } from 'vitest';
import { changedFields, createBody, toDraft, type FieldSpec } from '../src/web/components/master-table.tsx';

interface Row {
  code: string;
  name: string;
  moq: number;
  sd: number | null;
  cap: string | null;
  region: string | null;
  active: boolean;
}
const FIELDS: FieldSpec<Row>[] = [
  { key: 'name', label: 'Name', kind: 'text' },
  { key: 'moq', label: 'MOQ', kind: 'number' },
  { key: 'sd', label: 'Lead time sd', kind: 'number', nullable: true },
  { key: 'cap', label: 'Max. open value', kind: 'money', nullable: true },
  { key: 'region', label: 'Transfer region', kind: 'text', nullable: true },
  { key: 'active', label: 'Active', kind: 'bool' },
];
const row: Row = { code: 'S1', name: 'Supplier', moq: 50, sd: 7, cap: '8000.00', region: 'US', active: true };
const draft = (d: Partial<Record<keyof Row, string | boolean>>) => ({ name: 'Supplier', moq: '50', sd: '7', cap: '8000.00', region: 'US', active: true, ...d });

describe('changedFields', () => {
  it('sends nothing for an unchanged row, however its numbers are written', () => {
    expect(changedFields(row, FIELDS, draft({}))).toEqual({});
    expect(changedFields(row, FIELDS, draft({ moq: ' 50.0 ', cap: '8000', sd: '7.00' }))).toEqual({});
  });
  it('sends only the changed fields, numbers as numbers, money as typed, empty nullable fields as null', () => {
    expect(changedFields(row, FIELDS, draft({ moq: '96', cap: '12500.5', active: false }))).toEqual({ moq: 96, cap: '12500.5', active: false });
    expect(changedFields(row, FIELDS, draft({ sd: '', cap: ' ', region: '' }))).toEqual({ sd: null, cap: null, region: null });
    expect(changedFields({ ...row, region: null, sd: null }, FIELDS, draft({ region: 'EU', sd: '' }))).toEqual({ region: 'EU' });
  });
  it('refuses a number that does not parse, or an empty required number, naming the field', () => {
    expect(() => changedFields(row, FIELDS, draft({ moq: 'abc' }))).toThrow('MOQ: "abc" is not a number');
    expect(() => changedFields(row, FIELDS, draft({ moq: '' }))).toThrow('MOQ: a value is required');
  });
});

describe('createBody', () => {
  const blank: Row = { code: '', name: '', moq: 0, sd: null, cap: null, region: null, active: true };
  const typed = (d: Partial<Record<keyof Row, string | boolean>>) => ({ name: '', moq: '0', sd: '', cap: '', region: '', active: true, ...d });
  it('sends the code and what differs from the defaults, parsed', () => {
    expect(createBody(' S9 ', blank, FIELDS, typed({ name: 'New one', moq: '24', cap: '5000' }))).toEqual({ code: 'S9', name: 'New one', moq: 24, cap: '5000' });
    expect(createBody('S9', blank, FIELDS, typed({ active: false }))).toEqual({ code: 'S9', active: false });
  });
  it('refuses an empty code or a number that does not parse, naming it', () => {
    expect(() => createBody('  ', blank, FIELDS, typed({ name: 'x' }))).toThrow('Code: a value is required');
    expect(() => createBody('S9', blank, FIELDS, typed({ moq: 'ten' }))).toThrow('MOQ: "ten" is not a number');
  });
});

describe('list fields', () => {
  interface Tagged {
    code: string;
    tags: string[];
  }
  const F: FieldSpec<Tagged>[] = [{ key: 'tags', label: 'Tags', kind: 'list' }];
  const row: Tagged = { code: 'T', tags: ['summer', 'outdoor'] };
  it('shows a list comma-separated and sends it as a list only when it changed', () => {
    expect(toDraft(row, F)).toEqual({ tags: 'summer, outdoor' });
    expect(changedFields(row, F, { tags: ' summer ,outdoor, ' })).toEqual({});
    expect(changedFields(row, F, { tags: 'summer, sale' })).toEqual({ tags: ['summer', 'sale'] });
    expect(changedFields(row, F, { tags: '' })).toEqual({ tags: [] });
  });
});
