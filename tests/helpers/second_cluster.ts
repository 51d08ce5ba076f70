import tenancy from '#tenancy/services/tenancy'
import { startPostgresCluster, type PostgresCluster } from '#bootstrap/postgres_cluster'

/** A second PostgreSQL server started for a test, on 127.0.0.1. */
export type SecondCluster = PostgresCluster

/**
 * Starts a second PostgreSQL server the landlord role can log in to (see
 * startPostgresCluster), small and without fsync: a test's throwaway.
 * Returns the reason instead when none can be started, so the test can skip
 * with it.
 */
export function startSecondCluster() {
  const landlord = tenancy.connections.options.defaultServer
  return startPostgresCluster({
    user: landlord.user,
    password: landlord.password,
    settings: { fsync: 'off', max_connections: 50 },
  })
}
