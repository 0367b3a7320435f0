import type {Context} from "./context"

/**
 * Inproc connections that wait for a bind, as far as this thread can tell. libzmq holds
 * such a connection, and its messages, for a later bind, so it does not finish closing
 * the socket (nor send the socket monitor's last event) until the address is bound or
 * the context terminates. The socket's observer then must not keep the process alive
 * waiting for that end. A bind in another thread sharing the context is not seen here:
 * the connection then counts as waiting, which only lets the process exit before the
 * observer's last events, never keeps it from exiting.
 */
interface InprocBinds {
  /** Address -> how many of this thread's sockets have it bound now. */
  current: Map<string, number>
  /** Address -> how many binds of it this thread has seen in all. */
  total: Map<string, number>
}

const bindsByContext = new WeakMap<Context, InprocBinds>()
/** Socket -> its inproc connections made while nobody had bound: [address, binds of it then]. */
const unboundConnects = new WeakMap<object, Array<[string, number]>>()

function bindsOf(context: Context): InprocBinds {
  let binds = bindsByContext.get(context)
  if (binds === undefined) {
    binds = {current: new Map(), total: new Map()}
    bindsByContext.set(context, binds)
  }
  return binds
}

const isInproc = (address: string) => address.startsWith("inproc://")

/** Socket -> the inproc addresses it has bound now: closing it unbinds them. */
const boundBy = new WeakMap<object, string[]>()

export function noteInprocBind(context: Context, socket: object, address: string): void {
  if (!isInproc(address)) return
  const {current, total} = bindsOf(context)
  current.set(address, (current.get(address) ?? 0) + 1)
  total.set(address, (total.get(address) ?? 0) + 1)
  let addresses = boundBy.get(socket)
  if (addresses === undefined) boundBy.set(socket, (addresses = []))
  addresses.push(address)
}

export function noteInprocUnbind(context: Context, socket: object, address: string): void {
  const addresses = boundBy.get(socket)
  const at = addresses?.indexOf(address) ?? -1
  if (at === -1) return
  addresses!.splice(at, 1)
  release(bindsOf(context), address)
}

/** A closed socket's binds end with it. */
export function noteInprocClose(context: Context, socket: object): void {
  const addresses = boundBy.get(socket)
  if (addresses === undefined) return
  boundBy.delete(socket)
  const binds = bindsOf(context)
  for (const address of addresses) release(binds, address)
}

function release({current}: InprocBinds, address: string): void {
  const count = (current.get(address) ?? 0) - 1
  if (count > 0) current.set(address, count)
  else current.delete(address)
}

export function noteInprocConnect(context: Context, socket: object, address: string): void {
  if (!isInproc(address)) return
  const {current, total} = bindsOf(context)
  if (current.has(address)) return
  let connects = unboundConnects.get(socket)
  if (connects === undefined) unboundConnects.set(socket, (connects = []))
  connects.push([address, total.get(address) ?? 0])
}

/** Whether `socket` has an inproc connection still waiting for a bind (a bind connects them all). */
export function waitsForInprocBind(context: Context, socket: object): boolean {
  const {total} = bindsOf(context)
  return unboundConnects.get(socket)?.some(([address, bindsThen]) => (total.get(address) ?? 0) === bindsThen) ?? false
}
