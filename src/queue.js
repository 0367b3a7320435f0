"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Queue = void 0;
/**
 * A FIFO of waiting operations. Shifting is O(1) amortised (a moving head instead of
 * Array#shift); removal from the middle (abort, timeout) is rare and may be O(n).
 */
class Queue {
    items = [];
    head = 0;
    get length() {
        return this.items.length - this.head;
    }
    push(item) {
        this.items.push(item);
    }
    peek() {
        return this.items[this.head];
    }
    shift() {
        if (this.head === this.items.length)
            return undefined;
        const item = this.items[this.head];
        this.items[this.head++] = undefined;
        if (this.head === this.items.length) {
            this.items = [];
            this.head = 0;
        }
        return item;
    }
    remove(item) {
        const index = this.items.indexOf(item, this.head);
        if (index < 0)
            return false;
        this.items.splice(index, 1);
        if (this.head === this.items.length) {
            this.items = [];
            this.head = 0;
        }
        return true;
    }
    drain() {
        const rest = this.items.slice(this.head);
        this.items = [];
        this.head = 0;
        return rest;
    }
}
exports.Queue = Queue;
