/** A progress bar on stderr: redrawn in place on a terminal, a line per 25% otherwise (logs, CI). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, label = 'backtest') {
  let lastQuarter = -1;
  return (done: number, total: number) => {
    const frac = total ? done / total : 1;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(frac * width);
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`
      );
      return;
    }
    const quarter = Math.floor(frac * 4);
    if (quarter !== lastQuarter) {
      lastQuarter = quarter;
      stream.write(`${label} ${Math.round(frac * 100)}% (${done}/${total})\n`);
    }
  };
}
