// Who is signed in on the staff screens (null without a session), and the office a screen shows
// them: the one in the URL, else their own, else the first.
import { ApiError, api, unwrap } from '../web/api';
import { screenOffice } from '../web/office';

export function signedInUser() {
  return unwrap(api.auth.me.$get()).then(
    (r) => r.user,
    (e) => {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    },
  );
}

export async function whoAmI() {
  const user = await signedInUser();
  return { user, officeId: user ? await screenOffice(user) : null };
}
