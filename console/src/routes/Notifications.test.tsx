import { createMemoryHistory, MemoryRouter, Route } from '@solidjs/router';
import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { Provider } from '@urql/solid';
import { describe, expect, it, vi } from 'vitest';
import { createFakeClient, type FakeAnswer } from '../testing/fakeClient';
import { NotificationsScreen } from './Notifications';

const SECRET = 'whsec_c2VjcmV0LW9mLXRoZS1lbmRwb2ludA==';
const ROTATED = 'whsec_cm90YXRlZC1zZWNyZXQtb2YtaXQ=';
const at = '2026-11-24T12:00:00.000Z';
const endpoint = (id: string, more: Record<string, unknown> = {}) => ({
  id,
  tenantId: 't1',
  url: `https://hooks.example/${id}`,
  kinds: ['SESSION_NEEDS_LINK', 'SESSION_LINKED'],
  description: null,
  includeConnectLink: true,
  connectLinkTtlMinutes: 1440,
  enabled: true,
  disabledReason: null,
  createdAt: at,
  ...more,
});

function renderScreen(
  initial: ReturnType<typeof endpoint>[] = [],
  override?: (name: string, v: Record<string, unknown>) => FakeAnswer | undefined,
) {
  let listed = initial;
  let deliveries: Record<string, unknown>[] = [];
  const fake = createFakeClient((name, variables) => {
    const custom = override?.(name, variables);
    if (custom) {
      return custom;
    }
    switch (name) {
      case 'Viewer':
        return { data: { viewer: { role: 'ADMIN', tenantId: null } } };
      case 'TenantName':
        return { data: { tenant: { id: 't1', name: 'Acme' } } };
      case 'NotificationEndpoints':
        return { data: { notificationEndpoints: listed } };
      case 'NotificationDeliveries':
        return {
          data: {
            notificationDeliveries: {
              edges: deliveries.map((node) => ({ cursor: node.id, node })),
              hasNextPage: false,
            },
          },
        };
      case 'SendTestNotification': {
        const test = {
          id: 'd1',
          kind: 'SESSION_NEEDS_LINK',
          instanceId: null,
          status: 'PENDING',
          attempts: 0,
          lastResponseStatus: null,
          lastError: null,
          nextAttemptAt: at,
          createdAt: at,
          deliveredAt: null,
        };
        deliveries = [test];
        return { data: { sendTestNotification: test } };
      }
      case 'CreateNotificationEndpoint': {
        const input = variables.input as { url: string };
        const made = endpoint('e9', { url: input.url });
        listed = [...listed, made];
        return { data: { createNotificationEndpoint: { secret: SECRET, endpoint: made } } };
      }
      case 'RotateNotificationSecret':
        return {
          data: { rotateNotificationSecret: { secret: ROTATED, endpoint: { id: variables.id } } },
        };
      case 'UpdateNotificationEndpoint':
        listed = listed.map((e) =>
          e.id === variables.id ? { ...e, ...(variables.input as object) } : e,
        );
        return {
          data: { updateNotificationEndpoint: listed.find((e) => e.id === variables.id) },
        };
      case 'DeleteNotificationEndpoint':
        listed = listed.filter((e) => e.id !== variables.id);
        return { data: { deleteNotificationEndpoint: true } };
      case 'SetNotificationEndpointEnabled':
        listed = listed.map((e) =>
          e.id === variables.id
            ? { ...e, enabled: variables.enabled as boolean, disabledReason: null }
            : e,
        );
        return {
          data: {
            setNotificationEndpointEnabled: listed.find((e) => e.id === variables.id),
          },
        };
      default:
        return { error: { message: 'nope', code: 'FORBIDDEN' } };
    }
  });
  const history = createMemoryHistory();
  history.set({ value: '/tenants/t1/notifications' });
  render(() => (
    <Provider value={fake.client}>
      <MemoryRouter history={history}>
        <Route path="/tenants/:tenantId/notifications" component={NotificationsScreen} />
        <Route path="*" component={() => <p>Elsewhere</p>} />
      </MemoryRouter>
    </Provider>
  ));
  const deliver = (more: Record<string, unknown>) => {
    deliveries = deliveries.map((d) => ({ ...d, ...more }));
  };
  return { fake, history, deliver };
}

const mutations = (fake: ReturnType<typeof createFakeClient>) =>
  fake.operations.filter((op) => op.kind === 'mutation');
const create = () => screen.getByRole('button', { name: 'Create endpoint' });

describe('Notifications screen', () => {
  it('creates an endpoint with the defaults and shows its secret once, in memory only', async () => {
    const writeText = vi.fn(async () => {});
    Object.assign(navigator, { clipboard: { writeText } });
    const { fake, history } = renderScreen();
    await screen.findByText(/Tenant Acme/);
    expect(screen.getByRole('checkbox', { name: /Needs link/ })).toHaveProperty('checked', true);
    expect(screen.getByRole('checkbox', { name: /^Linked/ })).toHaveProperty('checked', true);
    expect(screen.getByRole('checkbox', { name: /Stuck/ })).toHaveProperty('checked', false);
    expect(screen.getByRole('checkbox', { name: 'Include a connect link' })).toHaveProperty(
      'checked',
      true,
    );
    fireEvent.input(screen.getByLabelText('URL'), {
      target: { value: 'https://hooks.example/new' },
    });
    fireEvent.click(create());

    const shown = await screen.findByRole('group', { name: 'Signing secret' });
    expect(within(shown).getByText(SECRET)).toBeTruthy();
    expect(mutations(fake)[0]?.variables).toEqual({
      tenantId: 't1',
      input: {
        url: 'https://hooks.example/new',
        kinds: ['SESSION_NEEDS_LINK', 'SESSION_LINKED'],
        description: null,
        includeConnectLink: true,
        connectLinkTtlMinutes: 1440,
      },
    });
    fireEvent.click(within(shown).getByRole('button', { name: 'Copy secret' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(SECRET));
    // the new endpoint is listed, without its secret
    const card = await screen.findByRole('article', { name: 'https://hooks.example/new' });
    expect(card.textContent).not.toContain(SECRET);
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.toContain(SECRET);
    expect(history.get()).not.toContain(SECRET);

    // leave the page and come back: the secret is gone for good
    history.set({ value: '/' });
    await screen.findByText('Elsewhere');
    history.back();
    await screen.findByRole('article', { name: 'https://hooks.example/new' });
    expect(screen.queryByRole('group', { name: 'Signing secret' })).toBeNull();
    expect(document.body.textContent).not.toContain(SECRET);
  });

  it('shows a rotated secret on its endpoint, says the old one signs for 24 h, and "Done" hides it', async () => {
    const { fake } = renderScreen([endpoint('e1')]);
    const card = await screen.findByRole('article', { name: 'https://hooks.example/e1' });
    fireEvent.click(within(card).getByRole('button', { name: 'Rotate secret' }));
    const shown = await within(card).findByRole('group', { name: 'Signing secret' });
    expect(shown.textContent).toContain(ROTATED);
    expect(shown.textContent).toMatch(/old secret keeps signing alongside this one for 24 h/);
    expect(mutations(fake)[0]?.variables).toEqual({ id: 'e1' });
    fireEvent.click(within(shown).getByRole('button', { name: 'Done, I stored it' }));
    expect(screen.queryByRole('group', { name: 'Signing secret' })).toBeNull();
  });

  it('says when the gateway disabled an endpoint, and enabling it clears the notice', async () => {
    const { fake } = renderScreen([
      endpoint('e1', { enabled: false, disabledReason: 'it has failed for 3 days' }),
      endpoint('e2', { kinds: ['UPSTREAM_UNAVAILABLE'] }),
    ]);
    const card = await screen.findByRole('article', { name: 'https://hooks.example/e1' });
    const alert = within(card).getByRole('alert');
    expect(alert.textContent).toBe(
      'Disabled by the gateway: it has failed for 3 days. Fix the receiver, then enable it again.',
    );
    const other = screen.getByRole('article', { name: 'https://hooks.example/e2' });
    expect(within(other).queryByRole('alert')).toBeNull();
    expect(
      within(within(other).getByRole('list', { name: 'Kinds' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Wawp unavailable']);

    fireEvent.click(within(card).getByRole('button', { name: 'Enable' }));
    await within(card).findByText('Endpoint enabled.');
    expect(mutations(fake)[0]?.variables).toEqual({ id: 'e1', enabled: true });
    await waitFor(() => expect(within(card).queryByRole('alert')).toBeNull());
    expect(within(card).getByRole('button', { name: 'Disable' })).toBeTruthy();
  });

  it('checks the form first, then shows the gateway’s reason beside the field it names', async () => {
    const { fake } = renderScreen([], (name) =>
      name === 'CreateNotificationEndpoint'
        ? {
            error: {
              message: 'url must not point at a private address (10.0.0.1).',
              code: 'BAD_USER_INPUT',
              field: 'url',
            },
          }
        : undefined,
    );
    await screen.findByText(/Tenant Acme/);
    const url = screen.getByLabelText('URL');
    fireEvent.click(screen.getByRole('checkbox', { name: /Needs link/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /^Linked/ }));
    const ttl = screen.getByLabelText('Connect-link lifetime (minutes)');
    fireEvent.input(ttl, { target: { value: '2' } });
    fireEvent.click(create());
    expect(screen.getByText('Enter the URL of the receiver.')).toBeTruthy();
    expect(screen.getByText('Choose at least one kind.')).toBeTruthy();
    expect(screen.getByText(/from 5 to 1440/)).toBeTruthy();
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(ttl.getAttribute('aria-invalid')).toBe('true');
    expect(mutations(fake)).toHaveLength(0);

    fireEvent.input(url, { target: { value: 'https://10.0.0.1/hooks' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Stuck/ }));
    fireEvent.input(ttl, { target: { value: '60' } });
    fireEvent.click(create());
    await screen.findByText('Must not point at a private address (10.0.0.1).');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(mutations(fake)[0]?.variables).toMatchObject({
      input: { kinds: ['SESSION_STUCK'], connectLinkTtlMinutes: 60 },
    });
    expect(screen.queryByRole('group', { name: 'Signing secret' })).toBeNull();
  });

  it('"Send test" says it is queued, shows it in the log, then says how it went', async () => {
    const { deliver } = renderScreen([endpoint('e1')]);
    const card = await screen.findByRole('article', { name: 'https://hooks.example/e1' });
    await within(card).findByText(/No deliveries yet/);
    fireEvent.click(within(card).getByRole('button', { name: 'Send test' }));
    await within(card).findByText('Test notification queued (Needs link); it appears in the log.');
    await waitFor(() =>
      expect(card.querySelector('tr[data-delivery-id="d1"] .badge')?.textContent).toBe('PENDING'),
    );
    deliver({ status: 'DELIVERED', attempts: 1, lastResponseStatus: 204, deliveredAt: at });
    fireEvent.click(within(card).getByRole('button', { name: 'Refresh' }));
    await within(card).findByText('Test delivered: the receiver answered HTTP 204.');
    expect(card.querySelector('tr[data-delivery-id="d1"] .badge')?.textContent).toBe('DELIVERED');
  });

  it('edits an endpoint with the same fields, and deletes it only once confirmed', async () => {
    const { fake } = renderScreen([endpoint('e1', { description: 'CRM' })]);
    const card = await screen.findByRole('article', { name: 'https://hooks.example/e1' });
    fireEvent.click(within(card).getByRole('button', { name: 'Edit' }));
    const description = within(card).getByLabelText('Description (optional)');
    expect((description as HTMLInputElement).value).toBe('CRM');
    expect(within(card).getByRole('checkbox', { name: /Needs link/ })).toHaveProperty(
      'checked',
      true,
    );
    fireEvent.input(description, { target: { value: 'CRM, production' } });
    fireEvent.click(within(card).getByRole('checkbox', { name: 'Include a connect link' }));
    fireEvent.click(within(card).getByRole('button', { name: 'Save endpoint' }));
    await within(card).findByText('Endpoint saved.');
    expect(mutations(fake)[0]?.variables).toEqual({
      id: 'e1',
      input: {
        url: 'https://hooks.example/e1',
        kinds: ['SESSION_NEEDS_LINK', 'SESSION_LINKED'],
        description: 'CRM, production',
        includeConnectLink: false,
        connectLinkTtlMinutes: 1440,
      },
    });
    await within(card).findByText('"Needs link" carries no connect link.');

    fireEvent.click(
      within(card).getByRole('button', { name: 'Delete endpoint https://hooks.example/e1' }),
    );
    const dialog = within(card).getByRole('alertdialog');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(mutations(fake)).toHaveLength(1);
    fireEvent.click(
      within(card).getByRole('button', { name: 'Delete endpoint https://hooks.example/e1' }),
    );
    fireEvent.click(within(card).getByRole('button', { name: 'Delete endpoint' }));
    await screen.findByText(/No endpoints yet/);
    expect(mutations(fake)[1]?.variables).toEqual({ id: 'e1' });
  });
});
