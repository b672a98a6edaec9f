import { previewSource } from './previewSource';

const PAGE = 'http://127.0.0.1:9464/preview/?source=/api/v1/history';

describe('previewSource', () => {
  it('reads the exporter it is served by, by default and by path', () => {
    expect(previewSource(null, PAGE)).toEqual({ url: '/api/v1/history' });
    expect(previewSource('/fixtures/a.json?x=1', PAGE)).toEqual({ url: '/fixtures/a.json?x=1' });
    expect(previewSource('http://127.0.0.1:9464/api/v1/history', PAGE)).toEqual({ url: '/api/v1/history' });
  });

  it('refuses another origin, however it is spelled', () => {
    for (const raw of [
      'https://evil.example/history',
      '//evil.example/history',
      'http://127.0.0.1:9465/api/v1/history',
      'data:application/json,{}',
      'javascript:alert(1)',
    ]) {
      expect(previewSource(raw, PAGE)).toMatchObject({ error: expect.stringContaining('refused') });
    }
  });
});
