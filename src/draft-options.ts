// libzmq 4.3's draft options on the standard socket types and the context. zmq-napi/draft
// defines them; until it is imported each name is a stand-in that says so, because
// assigning an undefined property would otherwise do nothing without a word.
import {Context} from "./context"
import {Kind, OptionSpec} from "./options"
import {Socket} from "./socket"
import {Dealer, Pair, Router, XPublisher, XSubscriber} from "./sockets"

const allSocketsDraftOptions: Record<string, OptionSpec> = {
  reconnectStop: [109, Kind.Int32],
  socksUsername: [99, Kind.String, "writeonly", null],
  socksPassword: [100, Kind.String, "writeonly", null],
  inBatchSize: [101, Kind.Int32],
  outBatchSize: [102, Kind.Int32],
  multicastLoop: [96, Kind.Bool],
  metadata: [95, Kind.String, "writeonly", null],
  priority: [112, Kind.Int32],
}
export const helloMessageOption: Record<string, OptionSpec> = {helloMessage: [110, Kind.Binary, "writeonly", null]}
export const disconnectMessageOption: Record<string, OptionSpec> = {
  disconnectMessage: [111, Kind.Binary, "writeonly", null],
}
const onlyFirstSubscribeOption: Record<string, OptionSpec> = {
  onlyFirstSubscribe: [108, Kind.Bool, "writeonly", false],
}

/** Each standard prototype with the draft options it gets. */
export const standardTypesDraftOptions: ReadonlyArray<readonly [object, Record<string, OptionSpec>]> = [
  [Socket.prototype, allSocketsDraftOptions],
  ...[Router, Dealer, Pair].map((type) => [type.prototype, helloMessageOption] as const),
  [Router.prototype, {...disconnectMessageOption, notify: [97, Kind.Int32]}],
  [XSubscriber.prototype, onlyFirstSubscribeOption],
  [XPublisher.prototype, {...onlyFirstSubscribeOption, manualLastValue: [98, Kind.Bool, "writeonly", false]}],
  [
    Context.prototype,
    {
      threadNamePrefix: [9, Kind.Int32, "writeonly", 0],
      threadAffinityCpuAdd: [7, Kind.Int32, "writeonly", -1],
      threadAffinityCpuRemove: [8, Kind.Int32, "writeonly", -1],
      zeroCopyReceive: [10, Kind.Bool],
      messageSize: [6, Kind.Int32, "readonly"],
    },
  ],
]

function needsDraftImport(name: string): never {
  throw new TypeError(`Option "${name}" is a draft option: import "zmq-napi/draft" before using it`)
}

/** Stand-ins that zmq-napi/draft replaces (non-enumerable, so listing a socket never trips them). */
export function defineDraftStandIns(): void {
  for (const [prototype, table] of standardTypesDraftOptions) {
    for (const name of Object.keys(table)) {
      Object.defineProperty(prototype, name, {
        configurable: true,
        enumerable: false,
        get: () => needsDraftImport(name),
        set: () => needsDraftImport(name),
      })
    }
  }
}
