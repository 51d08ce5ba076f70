import { test } from '@japa/runner'
import { createServer, type Socket } from 'node:net'
import { AdminConnections } from '#tenancy/admin_connections'

/**
 * A server that accepts TCP connections and never answers (a PostgreSQL
 * host that hangs): the maintenance connection must give up after
 * connectTimeoutMs and free its slot, not wait for the OS's TCP timeout.
 */
test.group('maintenance connections to a server that does not answer', () => {
  test('fail after the connect timeout and give the slot back', async ({ assert, cleanup }) => {
    const sockets: Socket[] = []
    const silent = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    cleanup(async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    })
    const address = silent.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const admin = new AdminConnections({
      size: 2,
      acquireTimeoutMs: 5000,
      applicationName: 'timeout-test',
      connectTimeoutMs: 300,
    })

    const started = performance.now()
    const error = await admin
      .withClient(
        { host: '127.0.0.1', port, user: 'nobody', database: 'postgres' },
        async () => 'ran'
      )
      .catch((caught: Error) => caught)
    const elapsed = performance.now() - started
    assert.instanceOf(error, Error)
    assert.match(String((error as Error).message), /timeout/i)
    assert.isAtLeast(elapsed, 250)
    assert.isBelow(elapsed, 3000)
    assert.equal(admin.stats().inUse, 0)
  })
})
