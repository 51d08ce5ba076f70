import { test } from '@japa/runner'
import { Edge } from 'edge.js'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cacheEdgeComponentList, cacheEdgePartials } from '#support/edge_render_caches'

/**
 * An Edge instance with in-memory templates that counts how often each
 * template's source is read (read = compiled).
 */
function edgeWithTemplates(cache: boolean) {
  const edge = Edge.create({ cache })
  cacheEdgePartials(edge)
  edge.registerTemplate('row', { template: '<li>{{ label }}={{ value }}</li>' })
  edge.registerTemplate('head', { template: '<h1>{{ title }}</h1>' })
  edge.registerTemplate('page', {
    template: [
      "@include('head')",
      '<ul>',
      '@each(value in values)',
      "  @include('row')",
      '@end',
      '</ul>',
    ].join('\n'),
  })
  // The same partial, included where other local variables are in scope.
  edge.registerTemplate('other', {
    template: "@each((value, index) in values)\n@include('row')\n@end",
  })
  const reads = new Map<string, number>()
  const resolve = edge.loader.resolve.bind(edge.loader)
  edge.loader.resolve = (templatePath: string) => {
    const name = templatePath.replace(/\.edge$/, '')
    reads.set(name, (reads.get(name) ?? 0) + 1)
    return resolve(templatePath)
  }
  return { edge, reads }
}

const squash = (html: string) => html.replace(/\s+/g, '')

test.group('Edge partials cache', () => {
  test('an @include is compiled once, not at every render', async ({ assert }) => {
    const { edge, reads } = edgeWithTemplates(true)
    const first = await edge.render('page', { title: 'A', label: 'n', values: [1, 2] })
    const second = await edge.render('page', { title: 'B', label: 'm', values: [3] })
    assert.equal(squash(first), '<h1>A</h1><ul><li>n=1</li><li>n=2</li></ul>')
    assert.equal(squash(second), '<h1>B</h1><ul><li>m=3</li></ul>')
    assert.equal(reads.get('head'), 1)
    assert.equal(reads.get('row'), 1)
    assert.equal(reads.get('page'), 1)
  })

  test('a partial is kept per set of local variables', async ({ assert }) => {
    const { edge, reads } = edgeWithTemplates(true)
    assert.equal(
      squash(await edge.render('page', { title: 'T', label: 'a', values: [1] })),
      '<h1>T</h1><ul><li>a=1</li></ul>'
    )
    // `index` is local here and not in `page`: a different compiled function.
    assert.equal(
      squash(await edge.render('other', { label: 'b', values: [7, 8] })),
      '<li>b=7</li><li>b=8</li>'
    )
    assert.equal(squash(await edge.render('other', { label: 'c', values: [9] })), '<li>c=9</li>')
    assert.equal(reads.get('row'), 2)
  })

  test('without the cache (development) every render reads the partial again', async ({
    assert,
  }) => {
    const { edge, reads } = edgeWithTemplates(false)
    await edge.render('page', { title: 'A', label: 'n', values: [1] })
    await edge.render('page', { title: 'A', label: 'n', values: [1] })
    assert.equal(reads.get('row'), 2)
    assert.equal(reads.get('page'), 2)
  })

  test('the synchronous compiler keeps partials too', ({ assert }) => {
    const { edge, reads } = edgeWithTemplates(true)
    assert.equal(
      squash(edge.renderSync('page', { title: 'S', label: 'x', values: [1] })),
      '<h1>S</h1><ul><li>x=1</li></ul>'
    )
    edge.renderSync('page', { title: 'S', label: 'x', values: [2] })
    assert.equal(reads.get('row'), 1)
  })
})

/**
 * Views on disk with a component used as a tag (`@card()`), and a count of
 * how often the loader walks the disks for components.
 */
async function edgeWithComponents(cache: boolean) {
  const root = await mkdtemp(join(tmpdir(), 'sangathan-edge-'))
  await mkdir(join(root, 'components'))
  await writeFile(join(root, 'components', 'card.edge'), '<div>{{ $props.get("title") }}</div>')
  await writeFile(join(root, 'page.edge'), '@!card({ title })')
  // As the app's default instance: made without a cache, then configured.
  const edge = Edge.create()
  edge.configure({ cache })
  edge.mount(root)
  let walks = 0
  const list = edge.loader.listComponents.bind(edge.loader)
  edge.loader.listComponents = () => {
    walks++
    return list()
  }
  cacheEdgeComponentList(edge)
  return { edge, root, walks: () => walks }
}

test.group('Edge component list', () => {
  test('the components directory is walked once while the cache is on', async ({
    assert,
    cleanup,
  }) => {
    const { edge, root, walks } = await edgeWithComponents(true)
    cleanup(() => rm(root, { recursive: true, force: true }))
    assert.equal(squash(await edge.render('page', { title: 'One' })), '<div>One</div>')
    assert.equal(squash(await edge.render('page', { title: 'Two' })), '<div>Two</div>')
    assert.equal(walks(), 1)
    // A disk mounted later is listed.
    const other = await mkdtemp(join(tmpdir(), 'sangathan-edge-'))
    cleanup(() => rm(other, { recursive: true, force: true }))
    await mkdir(join(other, 'components'))
    await writeFile(join(other, 'components', 'badge.edge'), '<b>{{ $props.get("label") }}</b>')
    await writeFile(join(other, 'page.edge'), '@!other.badge({ label })')
    edge.mount('other', other)
    assert.equal(squash(await edge.render('other::page', { label: 'new' })), '<b>new</b>')
    assert.equal(walks(), 2)
    // So is a template registered in memory (Edge lists those as components too).
    edge.registerTemplate('components/pill', { template: '<i>{{ $props.get("text") }}</i>' })
    edge.registerTemplate('pill_page', { template: '@!components.pill({ text })' })
    assert.equal(squash(await edge.render('pill_page', { text: 'hi' })), '<i>hi</i>')
    assert.equal(walks(), 3)
  })

  test('without the cache (development) it is walked at every render', async ({
    assert,
    cleanup,
  }) => {
    const { edge, root, walks } = await edgeWithComponents(false)
    cleanup(() => rm(root, { recursive: true, force: true }))
    await edge.render('page', { title: 'One' })
    await edge.render('page', { title: 'Two' })
    assert.equal(walks(), 2)
  })
})
