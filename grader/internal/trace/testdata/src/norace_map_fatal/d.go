package noracemapfatal

// Dispatcher tracks the jobs in flight, without a lock.
type Dispatcher struct{ inFlight map[int]string }

// Complete forgets a finished job.
func (d *Dispatcher) Complete(id int) { delete(d.inFlight, id) }

// Start records a job as in flight.
func (d *Dispatcher) Start(id int, name string) { d.inFlight[id] = name }
