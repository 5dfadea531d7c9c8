// The page of UppyBrowserTest for @uppy/aws-s3 6.x: the stock plugin pointed at Signet by URL alone, as a page
// with a backend would configure it. The backend (here the test) mints an upload key (`uk-…`, it can do only
// Signet's Companion routes, and dies within a day) and hands the page `companion=<Signet>/api/v1/uppy/<uk-key>`
// in its URL fragment. No signRequest, no call to Signet's API of the page's own: 6.x sends no headers at all,
// so the credential is the path segment.
import Uppy from '@uppy/core';
import AwsS3 from '@uppy/aws-s3';

const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
const MiB = 1024 * 1024;

const uppy = new Uppy().use(AwsS3, {
    companionEndpoint: fragment.get('companion') ?? '',
    shouldUseMultipart: (file) => (file.size ?? 0) > 40 * MiB,
});
// Neither plugin sends a file's size; Signet needs it to plan a multipart upload (and to pin a POST policy's size).
uppy.on('file-added', (file) => uppy.setFileMeta(file.id, { file_size: file.size }));

const input = document.getElementById('files') as HTMLInputElement;
input.addEventListener('change', () => {
    for (const file of Array.from(input.files ?? [])) {
        uppy.addFile({ name: file.name, type: file.type, data: file });
    }
});

// The test drives it from outside: upload(), pauseResume(id), and listens to its events.
(window as unknown as { uppy: unknown }).uppy = uppy;
