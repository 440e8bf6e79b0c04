import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { figure, median } from './figures'

const BIN = join(__dirname, '../bin/zim-netcheck.js')

/** Wall time of one whole process, ms. */
function wall(args: string[]): number {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const ms = performance.now() - t0
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status} ${r.stderr}`)
  return ms
}

test('CLI start-up: `domains` as a whole process vs `node -e 0`', () => {
  const cli = [BIN, 'domains', '--sdk', '2.13.0']
  const bare = ['-e', '0']
  // The first run writes the command's code cache (bin/zim-netcheck.js): a user's second run on.
  wall(cli)
  wall(bare)
  const ratios: number[] = []
  const ours: number[] = []
  const node: number[] = []
  for (let i = 0; i < 15; i++) {
    ours.push(wall(cli))
    node.push(wall(bare))
    ratios.push(ours[i] / node[i])
  }
  figure(
    'cli_start_ratio',
    median(ratios),
    { max: 1.2 },
    `median of 15 pairs: domains ${Math.round(median(ours))} ms vs node -e 0 ${Math.round(median(node))} ms`,
  )
})
