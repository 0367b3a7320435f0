"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.nativeHandle = exports.Kind = void 0;
exports.defineOptions = defineOptions;
exports.defineEnumOption = defineEnumOption;
exports.applyOptions = applyOptions;
// Options are accessor properties backed by one native get/set pair. Each table row
// says the libzmq option number and how its value is represented.
exports.Kind = { Bool: 0, Int32: 1, Uint32: 2, Int64: 3, Uint64: 4, String: 5, Binary: 6 };
exports.nativeHandle = Symbol("zmq-napi.native");
const remembered = new WeakMap();
function defineOptions(prototype, table) {
    for (const [name, spec] of Object.entries(table)) {
        const [id, kind, access] = spec;
        let descriptor;
        if (access === "writeonly") {
            const fallback = spec[3];
            descriptor = {
                get() {
                    const values = remembered.get(this);
                    return values?.has(name) ? values.get(name) : fallback;
                },
                set(value) {
                    this[exports.nativeHandle].setOption(id, kind, value, name);
                    let values = remembered.get(this);
                    if (!values)
                        remembered.set(this, (values = new Map()));
                    values.set(name, value);
                },
            };
        }
        else {
            descriptor = {
                get() {
                    return this[exports.nativeHandle].getOption(id, kind);
                },
            };
            if (access !== "readonly") {
                descriptor.set = function (value) {
                    this[exports.nativeHandle].setOption(id, kind, value, name);
                };
            }
        }
        Object.defineProperty(prototype, name, { ...descriptor, configurable: true, enumerable: true });
    }
}
/** Maps a string-valued option onto libzmq's integer one. */
function defineEnumOption(prototype, name, id, values) {
    Object.defineProperty(prototype, name, {
        configurable: true,
        enumerable: true,
        get() {
            return values[this[exports.nativeHandle].getOption(id, exports.Kind.Int32)];
        },
        set(value) {
            const index = values.indexOf(value);
            if (index < 0) {
                throw new TypeError(`Option "${name}" must be one of ${values.map((v) => `"${v}"`).join(", ")}`);
            }
            this[exports.nativeHandle].setOption(id, exports.Kind.Int32, index, name);
        },
    });
}
function findOption(target, name) {
    for (let proto = Object.getPrototypeOf(target); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        const descriptor = Object.getOwnPropertyDescriptor(proto, name);
        if (descriptor)
            return descriptor.get || descriptor.set ? descriptor : undefined;
    }
    return undefined;
}
/** Applies a constructor's options object; `context` is consumed by the caller. */
function applyOptions(target, options, kind) {
    if (options === undefined || options === null)
        return;
    if (typeof options !== "object")
        throw new TypeError(`The "options" argument must be an object`);
    for (const [name, value] of Object.entries(options)) {
        if (name === "context" || value === undefined)
            continue;
        const descriptor = findOption(target, name);
        if (!descriptor)
            throw new TypeError(`Unknown option "${name}" for ${kind}`);
        if (!descriptor.set)
            throw new TypeError(`Option "${name}" of ${kind} is read-only`);
        target[name] = value;
    }
}
