// zeromq@6 gives its sockets and contexts protected accessors for libzmq options by
// number, so that a subclass can add an option the library does not name; programs and
// libraries written against it do. The same accessors, over the same native options.
import {Kind, nativeHandle, OptionBackend} from "./options"

/** How an error message names an option known only by its number: the number. */
const named = (option: number) => String(option)

/** Context options by number: booleans and 32-bit integers, as libzmq's zmq_ctx_set. */
export abstract class NumberedOptions {
  /** @internal */
  abstract readonly [nativeHandle]: OptionBackend

  protected getBoolOption(option: number): boolean {
    return this[nativeHandle].getOption(option, Kind.Bool, named(option)) as boolean
  }

  protected setBoolOption(option: number, value: boolean): void {
    this[nativeHandle].setOption(option, Kind.Bool, value, named(option))
  }

  protected getInt32Option(option: number): number {
    return this[nativeHandle].getOption(option, Kind.Int32, named(option)) as number
  }

  protected setInt32Option(option: number, value: number): void {
    this[nativeHandle].setOption(option, Kind.Int32, value, named(option))
  }
}

/** Socket options by number: every representation libzmq's zmq_setsockopt takes. */
export abstract class NumberedSocketOptions extends NumberedOptions {
  protected getUint32Option(option: number): number {
    return this[nativeHandle].getOption(option, Kind.Uint32, named(option)) as number
  }

  protected setUint32Option(option: number, value: number): void {
    this[nativeHandle].setOption(option, Kind.Uint32, value, named(option))
  }

  protected getInt64Option(option: number): number {
    return this[nativeHandle].getOption(option, Kind.Int64, named(option)) as number
  }

  protected setInt64Option(option: number, value: number): void {
    this[nativeHandle].setOption(option, Kind.Int64, value, named(option))
  }

  protected getUint64Option(option: number): number {
    return this[nativeHandle].getOption(option, Kind.Uint64, named(option)) as number
  }

  protected setUint64Option(option: number, value: number): void {
    this[nativeHandle].setOption(option, Kind.Uint64, value, named(option))
  }

  protected getStringOption(option: number): string | null {
    return this[nativeHandle].getOption(option, Kind.String, named(option)) as string | null
  }

  protected setStringOption(option: number, value: string | Buffer | null): void {
    this[nativeHandle].setOption(option, Kind.String, value, named(option))
  }
}
