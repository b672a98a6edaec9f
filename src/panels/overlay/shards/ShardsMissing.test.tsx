import { render, screen } from '@testing-library/react';

import { promFrame } from '../testing/frames';
import { SHARDS_MISSING_TEST_ID, ShardsMissing } from './ShardsMissing';

const up = (instance: string, values: number[]) =>
  promFrame(
    'shards',
    'up{job="launchday"}',
    { __name__: 'up', instance, job: 'launchday' },
    values.map((v, i) => [i * 5_000, v])
  );

describe('ShardsMissing', () => {
  it('says "1 of 4 shards missing" and names the shard on hover', () => {
    render(<ShardsMissing frames={[up('e1', [1, 1]), up('e2', [1, 0]), up('e3', [1, 1]), up('e4', [1, 1])]} />);
    const tag = screen.getByTestId(SHARDS_MISSING_TEST_ID);
    expect(tag.textContent).toBe('1 of 4 shards missing');
    expect(tag.getAttribute('title')).toContain('e2');
  });

  it('renders nothing when every shard is up', () => {
    render(<ShardsMissing frames={[up('e1', [1, 1]), up('e2', [1, 1])]} />);
    expect(screen.queryByTestId(SHARDS_MISSING_TEST_ID)).toBeNull();
  });
});
