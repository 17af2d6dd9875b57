package ui

import (
	"sync"
	"time"
)

// maxLimited is how many addresses (or names) a limiter remembers at most.
const maxLimited = 10000

// rateLimit allows a burst of attempts per key and then one per interval: per address it slows
// password guessing from one computer, per name guessing one account from many. It remembers
// at most max keys; when full it forgets first the keys that have their whole burst back
// (they are as good as unseen), then the one with the most left, so that a flood of new
// addresses can neither grow it nor free a key it is holding back.
type rateLimit struct {
	mu       sync.Mutex
	burst    int
	interval time.Duration
	max      int
	seen     map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimit(burst int, interval time.Duration, max int) *rateLimit {
	return &rateLimit{burst: burst, interval: interval, max: max, seen: map[string]*bucket{}}
}

func (l *rateLimit) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	b := l.seen[key]
	if b == nil {
		if len(l.seen) >= l.max {
			l.forget(now)
		}
		b = &bucket{tokens: float64(l.burst), last: now}
		l.seen[key] = b
	}
	l.refill(b, now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (l *rateLimit) refill(b *bucket, now time.Time) {
	b.tokens = min(float64(l.burst), b.tokens+now.Sub(b.last).Seconds()/l.interval.Seconds())
	b.last = now
}

// forget makes room for one key: every key with its burst back, else the fullest.
func (l *rateLimit) forget(now time.Time) {
	fullest, most := "", -1.0
	for k, b := range l.seen {
		l.refill(b, now)
		if b.tokens >= float64(l.burst) {
			delete(l.seen, k)
		} else if b.tokens > most {
			fullest, most = k, b.tokens
		}
	}
	if len(l.seen) >= l.max {
		delete(l.seen, fullest)
	}
}
