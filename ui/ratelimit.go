package ui

import (
	"sync"
	"time"
)

// rateLimit allows a burst of attempts per key and then one per interval: it slows password
// guessing from one address while the per-account lockout in storage stops it for one name.
type rateLimit struct {
	mu       sync.Mutex
	burst    int
	interval time.Duration
	seen     map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimit(burst int, interval time.Duration) *rateLimit {
	return &rateLimit{burst: burst, interval: interval, seen: map[string]*bucket{}}
}

func (l *rateLimit) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	b := l.seen[key]
	if b == nil {
		if len(l.seen) > 10000 { // forget everyone rather than grow without bound
			l.seen = map[string]*bucket{}
		}
		b = &bucket{tokens: float64(l.burst), last: now}
		l.seen[key] = b
	}
	b.tokens = min(float64(l.burst), b.tokens+now.Sub(b.last).Seconds()/l.interval.Seconds())
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
