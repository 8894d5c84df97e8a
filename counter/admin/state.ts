// The admin screens' one state factory: who is signed in, the office being administered and its
// configuration, and every change as an action that reloads what it touched. Components render;
// they never fetch. A refusal comes back to the form that asked, as an ApiError.
import { createContext, createSignal, useContext } from 'solid-js';
import { ApiError, api, type Ok, unwrap } from '../../web/api';
import { officeInUrl } from '../../web/office';

type Json = { ok: boolean; status: number; json(): Promise<unknown> };

type Body<F extends (...args: never[]) => Promise<Json>> = Ok<Awaited<ReturnType<F>>>;
const admin = api.admin;
const officeApi = admin.offices[':officeId'];

export type Me = Body<typeof api.auth.me.$get>['user'];
export type OfficeSummary = Body<typeof admin.offices.$get>[number];
export type OfficeDetail = Body<typeof officeApi.$get>;
export type Settings = OfficeDetail['settings'];
export type Hours = OfficeDetail['hours'];
export type Holiday = OfficeDetail['holidays'][number];
export type Sector = Body<typeof officeApi.sectors.$get>[number];
export type Service = Body<typeof officeApi.services.$get>[number];
export type Counter = Body<typeof officeApi.counters.$get>[number];
export type Device = Body<typeof officeApi.devices.$get>[number];
export type Staff = Body<typeof admin.staff.$get>[number];
export type AuditItem = Body<typeof admin.audit.$get>['items'][number];
export type ServiceInput = Parameters<(typeof officeApi.services)['$post']>[0]['json'];
export type ServicePatch = Parameters<(typeof officeApi.services)[':serviceId']['$patch']>[0]['json'];
export type SettingsPatch = Parameters<(typeof officeApi.settings)['$patch']>[0]['json'];
export type StaffInput = Parameters<(typeof admin.staff)['$post']>[0]['json'];
export type StaffPatch = Parameters<(typeof admin.staff)[':staffId']['$patch']>[0]['json'];
export type DeviceInput = Parameters<(typeof officeApi.devices)['$post']>[0]['json'];

export function createAdmin() {
  const [me, setMe] = createSignal<Me | null | undefined>(undefined);
  const [loadError, setLoadError] = createSignal<ApiError | null>(null);
  const [offices, setOffices] = createSignal<OfficeSummary[]>([]);
  const [officeId, setOfficeId] = createSignal<number | null>(null);
  const [office, setOffice] = createSignal<OfficeDetail | null>(null);
  const [sectors, setSectors] = createSignal<Sector[]>([]);
  const [services, setServices] = createSignal<Service[]>([]);
  const [counters, setCounters] = createSignal<Counter[]>([]);
  const [devices, setDevices] = createSignal<Device[]>([]);
  const [staff, setStaff] = createSignal<Staff[]>([]);
  const [audit, setAudit] = createSignal<AuditItem[]>([]);
  const [auditNext, setAuditNext] = createSignal<number | null>(null);
  const [notice, setNotice] = createSignal('');

  const param = () => ({ officeId: String(officeId()) });

  async function init(): Promise<void> {
    try {
      setMe((await unwrap(api.auth.me.$get())).user);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return void setMe(null);
      setLoadError(e as ApiError);
      return void setMe(null);
    }
    if (me()?.role !== 'admin') return;
    try {
      const list = await unwrap(admin.offices.$get());
      setOffices(list);
      // The address's office or the admin's own, when this admin may administer it.
      const wanted = officeInUrl() ?? me()?.officeId;
      await chooseOffice(list.find((o) => o.id === wanted)?.id ?? list[0]?.id ?? null);
    } catch (e) {
      setLoadError(e as ApiError);
    }
  }

  async function chooseOffice(id: number | null): Promise<void> {
    setOfficeId(id);
    if (id === null) return;
    await Promise.all([loadOffice(), loadSectors(), loadServices(), loadCounters(), loadDevices(), loadStaff()]);
  }

  const loadOffice = async () => setOffice(await unwrap(officeApi.$get({ param: param() })));
  const loadSectors = async () => setSectors(await unwrap(officeApi.sectors.$get({ param: param() })));
  const loadServices = async () => setServices(await unwrap(officeApi.services.$get({ param: param() })));
  const loadCounters = async () => setCounters(await unwrap(officeApi.counters.$get({ param: param() })));
  const loadDevices = async () => setDevices(await unwrap(officeApi.devices.$get({ param: param() })));
  const loadStaff = async () => setStaff(await unwrap(admin.staff.$get()));

  async function loadAudit(more = false): Promise<void> {
    const query: { officeId: string; limit: string; before?: string } = { officeId: String(officeId()), limit: '50' };
    const before = auditNext();
    if (more && before !== null) query.before = String(before);
    const page = await unwrap(admin.audit.$get({ query }));
    setAudit(more ? [...audit(), ...page.items] : page.items);
    setAuditNext(page.nextBefore);
  }

  /** Runs a change, then reloads what it touched and announces `done` in the status region. */
  async function change<T>(run: () => Promise<T>, reload: (() => Promise<unknown>)[], done: string): Promise<T> {
    setNotice('');
    const value = await run();
    await Promise.all(reload.map((r) => r()));
    setNotice(done);
    return value;
  }

  const sectorParam = (sectorId: number) => ({ ...param(), sectorId: String(sectorId) });
  const serviceParam = (serviceId: number) => ({ ...param(), serviceId: String(serviceId) });
  const counterParam = (counterId: number) => ({ ...param(), counterId: String(counterId) });
  const deviceParam = (deviceId: number) => ({ ...param(), deviceId: String(deviceId) });

  return {
    me,
    loadError,
    offices,
    officeId,
    office,
    sectors,
    services,
    counters,
    devices,
    staff,
    audit,
    auditNext,
    notice,
    setNotice,
    init,
    chooseOffice,
    loadAudit,
    /** A global admin adds an office (default settings) and switches to it. */
    addOffice: async (body: { name: string; address: string; timezone: string }, done: string) => {
      const made = await change(
        () => unwrap(admin.offices.$post({ json: body })),
        [async () => setOffices(await unwrap(admin.offices.$get()))],
        done,
      );
      await chooseOffice(made.id);
      return made;
    },
    updateOffice: (body: { name?: string; address?: string; timezone?: string }, done: string) =>
      change(
        () => unwrap(officeApi.$patch({ param: param(), json: body })),
        [loadOffice, async () => setOffices(await unwrap(admin.offices.$get()))],
        done,
      ),
    updateSettings: (body: SettingsPatch, done: string) =>
      change(() => unwrap(officeApi.settings.$patch({ param: param(), json: body })), [loadOffice], done),
    saveHours: (hours: Hours, done: string, cancelBookings?: boolean) =>
      change(() => unwrap(officeApi.hours.$put({ param: param(), json: { hours, cancelBookings } })), [loadOffice], done),
    addHoliday: (body: Holiday & { cancelBookings?: boolean }, done: string) =>
      change(() => unwrap(officeApi.holidays.$post({ param: param(), json: body })), [loadOffice], done),
    removeHoliday: (date: string, done: string) =>
      change(() => unwrap(officeApi.holidays[':date'].$delete({ param: { ...param(), date } })), [loadOffice], done),
    addSector: (body: { name: string }, done: string) =>
      change(() => unwrap(officeApi.sectors.$post({ param: param(), json: body })), [loadSectors], done),
    updateSector: (id: number, body: { name?: string; position?: number }, done: string) =>
      change(
        () => unwrap(officeApi.sectors[':sectorId'].$patch({ param: sectorParam(id), json: body })),
        [loadSectors, loadServices],
        done,
      ),
    deleteSector: (id: number, done: string) =>
      change(() => unwrap(officeApi.sectors[':sectorId'].$delete({ param: sectorParam(id) })), [loadSectors], done),
    addService: (body: ServiceInput, done: string) =>
      change(() => unwrap(officeApi.services.$post({ param: param(), json: body })), [loadServices, loadSectors], done),
    updateService: (id: number, body: ServicePatch, done: string) =>
      change(
        () => unwrap(officeApi.services[':serviceId'].$patch({ param: serviceParam(id), json: body })),
        [loadServices, loadSectors],
        done,
      ),
    deleteService: (id: number, done: string) =>
      change(
        () => unwrap(officeApi.services[':serviceId'].$delete({ param: serviceParam(id) })),
        [loadServices, loadSectors, loadCounters],
        done,
      ),
    addCounter: (body: { number: number; name: string; serviceIds: number[] }, done: string) =>
      change(() => unwrap(officeApi.counters.$post({ param: param(), json: body })), [loadCounters, loadServices], done),
    updateCounter: (id: number, body: { number?: number; name?: string; serviceIds?: number[] }, done: string) =>
      change(
        () => unwrap(officeApi.counters[':counterId'].$patch({ param: counterParam(id), json: body })),
        [loadCounters, loadServices],
        done,
      ),
    deleteCounter: (id: number, done: string) =>
      change(
        () => unwrap(officeApi.counters[':counterId'].$delete({ param: counterParam(id) })),
        [loadCounters, loadServices],
        done,
      ),
    addDevice: (body: DeviceInput, done: string) =>
      change(() => unwrap(officeApi.devices.$post({ param: param(), json: body })), [loadDevices], done),
    newPairLink: (id: number, done: string) =>
      change(() => unwrap(officeApi.devices[':deviceId']['pair-link'].$post({ param: deviceParam(id) })), [loadDevices], done),
    revokeDevice: (id: number, done: string) =>
      change(() => unwrap(officeApi.devices[':deviceId'].revoke.$post({ param: deviceParam(id) })), [loadDevices], done),
    addStaff: (body: StaffInput, done: string) => change(() => unwrap(admin.staff.$post({ json: body })), [loadStaff], done),
    updateStaff: (id: number, body: StaffPatch, done: string) =>
      change(() => unwrap(admin.staff[':staffId'].$patch({ param: { staffId: String(id) }, json: body })), [loadStaff], done),
    resetPassword: (id: number, password: string, done: string) =>
      change(
        () => unwrap(admin.staff[':staffId'].password.$post({ param: { staffId: String(id) }, json: { password } })),
        [],
        done,
      ),
  };
}

export type AdminState = ReturnType<typeof createAdmin>;
const AdminContext = createContext<AdminState>();
export const AdminProvider = AdminContext.Provider;

export function useAdmin(): AdminState {
  const s = useContext(AdminContext);
  if (!s) throw new Error('useAdmin outside AdminProvider');
  return s;
}
