package clientgone

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Most tests call ServeHTTP in a testing/synctest bubble, with a request
// whose context the test cancels: that is what net/http does when the client
// hangs up. synctest.Wait() lets every goroutine run until it blocks, so a
// test can check at once whether the store saw the cancel and whether
// ServeHTTP returned.

type page struct {
	orders []Order
	next   string
}

var threePages = map[string]page{
	"":   {[]Order{{"A1", 1250}, {"A2", 990}}, "p2"},
	"p2": {[]Order{{"A3", 4200}}, "p3"},
	"p3": {[]Order{{"A4", 15}}, ""},
}

const fullExport = "id,cents\nA1,1250\nA2,990\nA3,4200\nA4,15\n"

// fakeStore serves threePages. The page at stallAt (if any) loads until its
// context is done or the test closes release; it tells stalled when it starts.
type fakeStore struct {
	stallAt    string
	stalled    chan struct{}
	release    chan struct{}
	clientGone func() bool // reports whether the test's client has hung up

	mu              sync.Mutex
	loading         bool  // a stalled page is loading
	endedBy         error // the error a stalled page ended with
	servedAfterGone int   // pages handed out after the client hung up
}

func (s *fakeStore) Page(ctx context.Context, customer, cursor string) ([]Order, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	if s.stallAt != "" && cursor == s.stallAt {
		s.mu.Lock()
		s.loading = true
		s.mu.Unlock()
		select {
		case s.stalled <- struct{}{}:
		default:
		}
		select {
		case <-ctx.Done():
			s.mu.Lock()
			s.loading, s.endedBy = false, ctx.Err()
			s.mu.Unlock()
			return nil, "", ctx.Err()
		case <-s.release:
			s.mu.Lock()
			s.loading = false
			s.mu.Unlock()
		}
	}
	s.mu.Lock()
	if s.clientGone != nil && s.clientGone() {
		s.servedAfterGone++
	}
	s.mu.Unlock()
	p := threePages[cursor]
	return p.orders, p.next, nil
}

func newStallingStore(cursor string, clientGone func() bool) *fakeStore {
	return &fakeStore{
		stallAt:    cursor,
		stalled:    make(chan struct{}, 1),
		release:    make(chan struct{}),
		clientGone: clientGone,
	}
}

func (s *fakeStore) state() (loading bool, endedBy error, servedAfterGone int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loading, s.endedBy, s.servedAfterGone
}

// serve runs ServeHTTP in a goroutine and returns a channel closed when it returns.
func serve(h http.Handler, w http.ResponseWriter, r *http.Request) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(w, r)
	}()
	return done
}

func hasReturned(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

func TestExportStreamsEveryPage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := &ExportHandler{Store: &fakeStore{}, Timeout: time.Minute}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/export?customer=c1", nil))

		assert.Equal(t, http.StatusOK, rec.Code, "an export answers 200")
		assert.Equal(t, "text/csv", rec.Header().Get("Content-Type"), "the export is a CSV file")
		assert.Equal(t, fullExport, rec.Body.String(), "the export holds every order of every page, in order")
	})
}

func TestExportThroughARealServer(t *testing.T) {
	srv := httptest.NewServer(&ExportHandler{Store: &fakeStore{}, Timeout: time.Minute})
	defer srv.Close()

	resp, err := srv.Client().Get(srv.URL + "/export?customer=c1")
	require.NoError(t, err, "the server answers")
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err, "the whole export can be read")
	assert.Equal(t, fullExport, string(body), "the export holds every order of every page, in order")
}

func TestMissingCustomer(t *testing.T) {
	h := &ExportHandler{Store: &fakeStore{}, Timeout: time.Minute}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/export", nil))
	assert.Equal(t, http.StatusBadRequest, rec.Code, "an export without a customer is a bad request")
}

// The client hangs up while the second page is loading.
func TestClientGoesAwayWhileAPageLoads(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, hangUp := context.WithCancel(context.Background())
		defer hangUp()
		store := newStallingStore("p2", func() bool { return ctx.Err() != nil })
		h := &ExportHandler{Store: store, Timeout: time.Hour}
		req := httptest.NewRequestWithContext(ctx, "GET", "/export?customer=c1", nil)

		done := serve(h, httptest.NewRecorder(), req)
		<-store.stalled // the second page is loading
		synctest.Wait()
		loading, _, _ := store.state()
		require.True(t, loading, "the export waits for the second page")

		hangUp()
		synctest.Wait()
		_, endedBy, _ := store.state()
		assert.ErrorIs(t, endedBy, context.Canceled,
			"the store's context was not cancelled when the client went away: the database goes on loading "+
				"a page nobody will read; the context of the export must be derived from r.Context()")
		assert.True(t, hasReturned(done), "ServeHTTP is still running after its client went away")
		_, _, after := store.state()
		assert.Zero(t, after, "the export went on reading pages after the client went away")
		close(store.release) // let a stuck export finish
		<-done
	})
}

// hangUpWriter is the client's end of the response: the client hangs up as
// soon as the first page has reached it.
type hangUpWriter struct {
	*httptest.ResponseRecorder
	once   sync.Once
	hangUp func()
}

func (w *hangUpWriter) Flush() {
	w.ResponseRecorder.Flush()
	w.once.Do(w.hangUp)
}

// The client hangs up between two pages, as soon as the first has reached it;
// the second page is slow.
func TestClientGoesAwayBetweenPages(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, hangUp := context.WithCancel(context.Background())
		defer hangUp()
		store := newStallingStore("p2", func() bool { return ctx.Err() != nil })
		h := &ExportHandler{Store: store, Timeout: time.Hour}
		req := httptest.NewRequestWithContext(ctx, "GET", "/export?customer=c1", nil)

		done := serve(h, &hangUpWriter{ResponseRecorder: httptest.NewRecorder(), hangUp: hangUp}, req)
		synctest.Wait()
		loading, _, after := store.state()
		assert.False(t, loading,
			"the next page is still loading after the client went away: the store's context must be "+
				"cancelled when the request's is")
		assert.Zero(t, after,
			"the export read more pages after the client went away: every page must be read with a context "+
				"that ends when the request does")
		assert.True(t, hasReturned(done), "ServeHTTP is still running after its client went away")
		close(store.release) // let a stuck export finish
		<-done
	})
}

// A patient client, a page that never loads: the export ends at its Timeout.
func TestTheExportHasATimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newStallingStore("p2", nil)
		h := &ExportHandler{Store: store, Timeout: 30 * time.Second}
		req := httptest.NewRequest("GET", "/export?customer=c1", nil)

		start := time.Now()
		done := serve(h, httptest.NewRecorder(), req)
		select {
		case <-done:
		case <-time.After(time.Hour): // the fake clock: no real waiting
			close(store.release)
			<-done
		}
		assert.Equal(t, 30*time.Second, time.Since(start),
			"the export stops when its Timeout passes, even for a client that waits: keep the deadline")
		_, endedBy, _ := store.state()
		assert.ErrorIs(t, endedBy, context.DeadlineExceeded, "the stalled page ends with the export's deadline")
	})
}
