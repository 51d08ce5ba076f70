/*
|--------------------------------------------------------------------------
| Bouncer abilities
|--------------------------------------------------------------------------
|
| Pre-registered abilities, usable by name in controllers and Edge. The
| party portal authorizes through policies (app/policies) instead; add an
| ability here only for a check that belongs to no resource.
|
*/
export {}
