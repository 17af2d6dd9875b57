package workers

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/hibiken/asynq"
	"github.com/hibiken/asynqmon"
)

// Worker runs the stage handlers and the periodic tasks.
type Worker struct {
	server    *asynq.Server
	scheduler *asynq.Scheduler
	pipeline  *Pipeline
	cfg       WorkerConfig
}

// WorkerConfig tunes a worker process.
type WorkerConfig struct {
	Concurrency    int
	ReconcileEvery time.Duration
	FixityEvery    time.Duration
}

// NewWorker prepares a worker on redis for the pipeline.
func NewWorker(redis asynq.RedisConnOpt, p *Pipeline, cfg WorkerConfig) *Worker {
	log := asynqLogger{p.Log.With(slog.String("part", "asynq"))}
	server := asynq.NewServer(redis, asynq.Config{
		Concurrency:     cfg.Concurrency,
		Queues:          Queues,
		RetryDelayFunc:  retryDelay,
		ShutdownTimeout: 20 * time.Second,
		Logger:          log,
		ErrorHandler: asynq.ErrorHandlerFunc(func(ctx context.Context, t *asynq.Task, err error) {
			id, _ := asynq.GetTaskID(ctx)
			p.Log.Warn("task failed", slog.String("type", t.Type()), slog.String("task", id), slog.Any("err", err))
		}),
	})
	scheduler := asynq.NewScheduler(redis, &asynq.SchedulerOpts{Logger: log})
	return &Worker{server: server, scheduler: scheduler, pipeline: p, cfg: cfg}
}

// Run works until ctx ends, then shuts down gracefully: tasks under way get ShutdownTimeout
// to finish and are otherwise handed back to the queue.
func (w *Worker) Run(ctx context.Context) error {
	cfg := w.cfg
	rt, err := NewReconcileTask()
	if err != nil {
		return err
	}
	ft, err := NewFixityAuditTask()
	if err != nil {
		return err
	}
	if _, err := w.scheduler.Register(fmt.Sprintf("@every %s", cfg.ReconcileEvery), rt); err != nil {
		return fmt.Errorf("workers: schedule reconcile: %w", err)
	}
	if _, err := w.scheduler.Register(fmt.Sprintf("@every %s", cfg.FixityEvery), ft); err != nil {
		return fmt.Errorf("workers: schedule fixity: %w", err)
	}
	if err := w.server.Start(w.pipeline.Mux()); err != nil {
		return fmt.Errorf("workers: start: %w", err)
	}
	if err := w.scheduler.Start(); err != nil {
		w.server.Shutdown()
		return fmt.Errorf("workers: start scheduler: %w", err)
	}
	// A worker that starts (after a crash, or a Redis flush) reconciles at once.
	if err := w.pipeline.Queue.Enqueue(ctx, rt); err != nil {
		w.pipeline.Log.Warn("first reconcile not enqueued", slog.Any("err", err))
	}
	<-ctx.Done()
	w.scheduler.Shutdown()
	w.server.Shutdown()
	return nil
}

// Dashboard is the asynqmon queue dashboard, to be mounted at prefix behind admin auth. It is
// read-only: deleting, retrying or pausing tasks by hand would go around the records' states,
// and its own forms carry no CSRF token.
func Dashboard(redis asynq.RedisConnOpt, prefix string) http.Handler {
	return asynqmon.New(asynqmon.Options{RootPath: prefix, RedisConnOpt: redis, ReadOnly: true})
}

type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) Debug(args ...any) { a.l.Debug(fmt.Sprint(args...)) }
func (a asynqLogger) Info(args ...any)  { a.l.Info(fmt.Sprint(args...)) }
func (a asynqLogger) Warn(args ...any)  { a.l.Warn(fmt.Sprint(args...)) }
func (a asynqLogger) Error(args ...any) { a.l.Error(fmt.Sprint(args...)) }
func (a asynqLogger) Fatal(args ...any) { a.l.Error(fmt.Sprint(args...)); panic(fmt.Sprint(args...)) }
