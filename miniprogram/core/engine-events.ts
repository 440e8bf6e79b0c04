/*
 * What a run of the engine tells its listeners: results and progress, pause and resume, the canary's decision,
 * and the notices worth saying once about a run.
 */
import { EnforcementRecord } from './canary'
import { WhitelistEnforcement } from './environment'
import { ProbeResult, RunProgress } from './result'

/** Things worth saying once about a run, beside the rows. */
export type EngineNotice =
  /**
   * The platform opened only `opened` sockets: the host app holds `held` of the platform's `max` (absent in
   * notices from before `max` existed: 5).
   */
  | { kind: 'host_sockets'; held: number; opened: number; max?: number }
  /** The run waited in the background (pause) and re-queued `requeued` interrupted probes. */
  | { kind: 'background'; requeued: number }
  /** The run deadline was moved to fit the waves the pools need: now `deadlineMs` from the start. */
  | { kind: 'deadline_grown'; deadlineMs: number }

export interface EngineEvents {
  start: { ids: string[] }
  result: { result: ProbeResult; index: number }
  progress: RunProgress
  notice: EngineNotice
  /** The run paused (app in the background) or resumed. */
  paused: { paused: boolean }
  done: { results: ProbeResult[]; cancelled: boolean }
  /** The canary decided (or could not): the run's enforcement from now on, and the record for the report. */
  canary: { whitelist: WhitelistEnforcement; record: EnforcementRecord }
}

export type Listener<K extends keyof EngineEvents> = (payload: EngineEvents[K]) => void

/** A run's listeners, per event. */
export type ListenerLists = { [K in keyof EngineEvents]?: Listener<K>[] }

/** Adds `listener` to `lists`; returns its removal. */
export function listen<K extends keyof EngineEvents>(
  lists: ListenerLists,
  event: K,
  listener: Listener<K>,
): () => void {
  const list = (lists[event] ??= []) as Listener<K>[]
  list.push(listener)
  return () => {
    const i = list.indexOf(listener)
    if (i >= 0) list.splice(i, 1)
  }
}

/** Tells every listener of `event`; a listener that throws stops neither the run nor the other listeners. */
export function emit<K extends keyof EngineEvents>(
  lists: ListenerLists,
  event: K,
  payload: EngineEvents[K],
): void {
  for (const listener of (lists[event] ?? []) as Listener<K>[]) {
    try {
      listener(payload)
    } catch {
      // A listener's bug must not stop the run or leave a task open.
    }
  }
}
