import { test } from '@japa/runner'
import type { SessionData, SessionStoreContract } from '@adonisjs/session/types'
import { HostBoundSessionStore, RecentTouches } from '#support/host_bound_session_store'

/** A store that records what reaches it. */
class RecordingStore implements SessionStoreContract {
  calls: string[] = []
  read(id: string) {
    this.calls.push(`read ${id}`)
    return null
  }
  write(id: string, _values: SessionData) {
    this.calls.push(`write ${id}`)
  }
  destroy(id: string) {
    this.calls.push(`destroy ${id}`)
  }
  touch(id: string) {
    this.calls.push(`touch ${id}`)
  }
}

test.group('HostBoundSessionStore', () => {
  test('keys every session by its host', ({ assert }) => {
    const inner = new RecordingStore()
    const store = new HostBoundSessionStore(inner, 'a.example.test')
    store.read('s1')
    store.write('s1', {})
    store.touch('s1')
    store.destroy('s1')
    assert.deepEqual(inner.calls, [
      'read a.example.test|s1',
      'write a.example.test|s1',
      'touch a.example.test|s1',
      'destroy a.example.test|s1',
    ])
  })

  test('touches a session at most once per interval, per process', ({ assert }) => {
    const inner = new RecordingStore()
    const touches = new RecentTouches(60_000)
    const onA = () => new HostBoundSessionStore(inner, 'a.example.test', touches)
    onA().touch('s1')
    onA().touch('s1')
    // The same id on another host is another session.
    new HostBoundSessionStore(inner, 'b.example.test', touches).touch('s1')
    assert.deepEqual(inner.calls, ['touch a.example.test|s1', 'touch b.example.test|s1'])

    // Just written: no touch needed.
    onA().write('s2', {})
    onA().touch('s2')
    assert.deepEqual(inner.calls.slice(2), ['write a.example.test|s2'])

    // Destroyed, then made again under the same id: touched again.
    onA().destroy('s1')
    onA().touch('s1')
    assert.deepEqual(inner.calls.slice(3), ['destroy a.example.test|s1', 'touch a.example.test|s1'])
  })

  test('a touch is due again after the interval; the memory is bounded', ({ assert }) => {
    const touches = new RecentTouches(1000, 2)
    touches.mark('a', 0)
    assert.isFalse(touches.due('a', 999))
    assert.isTrue(touches.due('a', 1000))
    touches.mark('b', 0)
    touches.mark('c', 0)
    assert.equal(touches.size, 2)
    assert.isTrue(touches.due('a', 1), 'the oldest was forgotten: touched again, never skipped')
    assert.isFalse(touches.due('c', 1))
  })
})
