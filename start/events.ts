/*
|--------------------------------------------------------------------------
| Typed events
|--------------------------------------------------------------------------
|
| Events are declared by augmenting EventsList; listeners are registered
| here.
|
*/
