/**
 * A FIFO of waiting operations. Shifting is O(1) amortised (a moving head instead of
 * Array#shift); removal from the middle (abort, timeout) is rare and may be O(n).
 */
export class Queue<T> {
  private items: Array<T | undefined> = []
  private head = 0

  get length(): number {
    return this.items.length - this.head
  }

  push(item: T): void {
    this.items.push(item)
  }

  peek(): T | undefined {
    return this.items[this.head]
  }

  shift(): T | undefined {
    if (this.head === this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head++] = undefined
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
    }
    return item
  }

  remove(item: T): boolean {
    const index = this.items.indexOf(item, this.head)
    if (index < 0) return false
    this.items.splice(index, 1)
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
    }
    return true
  }

  drain(): T[] {
    const rest = this.items.slice(this.head) as T[]
    this.items = []
    this.head = 0
    return rest
  }
}
