export const id = 251;
export const ids = [251];
export const modules = {

/***/ 251:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   actionDownloads: () => (/* binding */ actionDownloads)
/* harmony export */ });
/* harmony import */ var _kie_task_node_io_download__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9692);
/* harmony import */ var _kie_task_node_io_paths__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4744);
/**
 * How the Action presents downloads into `download-dir` (`download: true`): the log lines, and the report the
 * summary and the `files` output read. The wait session downloads each task's results as soon as it succeeds with
 * @kie-task/node-io's streaming downloader: abortable, stall-detecting, size-capped while streaming, retried within
 * the deadline, building every file name itself (`<taskId>-<n>.<ext>` from a reduced character set;
 * Content-Disposition is ignored), so nothing can be written outside the folder. run.ts imports this module only
 * when downloading.
 */


/** Downloads for `inputs`, logging as files arrive; `deadline` is the step's (epoch ms), shared with the wait. */
function actionDownloads(inputs, taskCount, deadline, logger) {
    const shown = (0,_kie_task_node_io_paths__WEBPACK_IMPORTED_MODULE_0__/* .displayPath */ .Gt)(inputs.workspace, inputs.dir);
    const limit = `(at most ${(0,_kie_task_node_io_download__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(inputs.maxBytes)} each)`;
    let logged = false;
    const settings = {
        dir: inputs.dir,
        maxBytes: inputs.maxBytes,
        deadline: () => deadline,
        // The folder exists (inside the workspace, symbolic links resolved) before the first file, even with none.
        prepare: () => (0,_kie_task_node_io_paths__WEBPACK_IMPORTED_MODULE_0__/* .createDownloadFolder */ .pw)(inputs.workspace, inputs.dir),
        onQueued: (taskId, resultUrls) => {
            const n = resultUrls.length;
            if (n === 0 && taskCount > 1)
                return;
            const of = taskCount === 1 ? '' : ` of ${taskId}`;
            logger.info(`Downloading ${n} ${n === 1 ? 'result' : 'results'}${of} to ${shown} ${limit}`);
            logged = true;
        },
        onFile: (file) => logger.info(`  saved ${(0,_kie_task_node_io_paths__WEBPACK_IMPORTED_MODULE_0__/* .displayPath */ .Gt)(inputs.workspace, file.path)} (${(0,_kie_task_node_io_download__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(file.bytes)})`),
        onFailure: (failure) => logger.info(`  ${failure.message}`),
    };
    return {
        settings,
        report(report) {
            if (report.unusableFolder)
                throw report.unusableFolder;
            if (!logged)
                logger.info(`Downloading 0 results to ${shown} ${limit}`);
            return {
                dir: shown,
                files: report.files.map(({ taskId, index, path, bytes }) => ({
                    taskId,
                    index,
                    path,
                    shown: (0,_kie_task_node_io_paths__WEBPACK_IMPORTED_MODULE_0__/* .displayPath */ .Gt)(inputs.workspace, path),
                    bytes,
                })),
                failures: report.failures.map(({ taskId, index, message }) => ({ taskId, index, message })),
                stopped: report.stopped,
            };
        },
    };
}


/***/ })

};
