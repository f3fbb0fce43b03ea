"""The registry's sentences: receipt reasons for rejected records and the admin command line.

Rejection reasons travel in the signed receipt in both languages (protocol §6), so the clerk at
the center reads them on the Returned records page in the language they chose; each says what
was refused and what to do next.
"""

from __future__ import annotations

from learncenter.domain.messages import define

CONFLICT = "conflict"
DUPLICATE_PERSON = "duplicate_person"
INVALID_RECORD = "invalid_record"

define("registry.conflict",
       zh="记录 {record_id} 第 {version} 版此前已以不同内容提交，登记机构未覆盖：如需更改，请经主管批准后以新版本更正。",
       en="Record {record_id} version {version} was already sent with other content and was "
          "not overwritten: to change it, send a supervisor-approved correction (a new version).")
define("registry.duplicate_person",
       zh="身份证号尾号 {id_tail}（{term}）的考生已于 {confirmed_at} 在学习中心 {other_center} 确认，"
          "本次确认未被采用：请核实该考生是否在两处报名，并与登记机构联系。",
       en="The candidate with ID number ending {id_tail} ({term}) was already confirmed at "
          "learning center {other_center} on {confirmed_at}; this confirmation is not taken: "
          "check whether the candidate applied at two centers and contact the registry.")
define("registry.invalid_record",
       zh="记录内容未通过登记机构的检查：{problems}。请更正后经主管批准以新版本重新提交。",
       en="The record fails the registry's checks: {problems}. Correct it and send a "
          "supervisor-approved new version.")
define("registry.invalid_payload",
       zh="记录内容不是有效的考生数据（缺少考生信息）",
       en="the record content is not valid candidate data (the candidate part is missing)")

define("registry.cli.not_initialised",
       zh="登记机构数据目录 {data_dir} 尚未初始化：请先运行 learncenter-registry init。",
       en="The registry data directory {data_dir} is not initialised: run learncenter-registry "
          "init first.")
define("registry.cli.initialised",
       zh="登记机构已初始化：数据目录 {data_dir}，数据库 {db}。签名密钥编号 {signing_key_id}，"
          "加密密钥编号 {encryption_key_id}。",
       en="Registry initialised: data directory {data_dir}, database {db}. Signing key id "
          "{signing_key_id}, encryption key id {encryption_key_id}.")
define("registry.cli.enroll_code",
       zh="学习中心 {center_id} 的登记码（72 小时内有效，只能使用一次）：{code}\n"
          "登记机构密钥编号（请学习中心登记时核对）：{key_id}",
       en="Enrollment code for learning center {center_id} (valid 72 hours, single use): {code}\n"
          "Registry key id (the center checks it when enrolling): {key_id}")
define("registry.cli.revoked",
       zh="已吊销学习中心 {center_id} 的 {count} 个密钥；其批次将被拒收，需用新的登记码重新登记。",
       en="Revoked {count} key(s) of learning center {center_id}; its batches are refused until "
          "it enrolls again with a new code.")
define("registry.cli.unknown_center",
       zh="没有学习中心 {center_id}：请检查中心代码。",
       en="There is no learning center {center_id}: check the center code.")
define("registry.cli.bad_center_id",
       zh="学习中心代码“{center_id}”无效：应为 1 到 20 个字母或数字。",
       en="Learning center code \"{center_id}\" is invalid: use 1 to 20 letters or digits.")
define("registry.cli.imported",
       zh="已导入批次 {batch_id}（学习中心 {center_id}，序号 {sequence}）：{accepted} 条采用，"
          "{rejected} 条退回。回执已写入 {receipt_out}。",
       en="Imported batch {batch_id} (learning center {center_id}, sequence {sequence}): "
          "{accepted} accepted, {rejected} returned. The receipt is in {receipt_out}.")
define("registry.cli.refused",
       zh="批次被拒收（{code}）：{message}",
       en="The batch is refused ({code}): {message}")
define("registry.cli.published",
       zh="已发布：{pre_registrations} 条预报名，{majors} 个专业，{sessions} 个考试场次，"
          "{profiles} 个配置，{admissions} 条录取结果，{materials} 份新的网上提交材料（内容未变的条目不重复发布）。",
       en="Published: {pre_registrations} pre-registration(s), {majors} major(s), {sessions} exam session(s), "
          "{profiles} profile(s), {admissions} admission(s), {materials} new submitted material(s) (unchanged "
          "items are not published again).")
define("registry.cli.row_problem",
       zh="第 {row} 行：{problem}",
       en="Row {row}: {problem}")
define("registry.cli.nothing_published",
       zh="文件有错误，未发布任何内容：请改正上述各行后重新发布。",
       en="The file has errors and nothing was published: correct the rows above and publish "
          "again.")
define("registry.cli.bad_json",
       zh="文件 {path} 不是所需格式的 JSON：{reason}。",
       en="The file {path} is not JSON of the expected shape: {reason}.")
define("registry.cli.bad_sheet",
       zh="无法读取表格 {path}：{reason}。",
       en="Cannot read the sheet {path}: {reason}.")
define("registry.cli.os_error",
       zh="无法访问文件 {path}：{reason}。",
       en="Cannot use the file {path}: {reason}.")
define("registry.cli.serving",
       zh="登记机构服务已在 http://{host}:{port} 启动（按 Ctrl+C 停止）。",
       en="The registry is serving on http://{host}:{port} (Ctrl+C stops it).")
define("registry.cli.objects_unavailable",
       zh="对象存储 {where} 无法使用（{reason}）：请检查其地址、存储桶、访问密钥（AWS_ACCESS_KEY_ID、"
          "AWS_SECRET_ACCESS_KEY）以及该服务是否在运行。已保存的数据不受影响。",
       en="The object store {where} cannot be used ({reason}): check its address, its bucket, the access key "
          "(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) and that the service runs. Nothing already saved is affected.")
define("registry.cli.objects_unhealthy",
       zh="对象存储 {location} 无法写入并读回一个测试对象：请检查其地址、存储桶（须事先创建）、访问密钥"
          "（AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY）以及该服务是否在运行，然后再次运行 init。",
       en="The object store {location} does not take a test object and give it back: check its address, its bucket "
          "(create it first), the access key (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) and that the service runs, "
          "then run init again.")
define("registry.cli.bad_objects",
       zh="“{location}”不是对象存储的地址：请给出 s3+http://主机:端口/存储桶/前缀、s3://存储桶/前缀或文件夹的绝对路径。",
       en="\"{location}\" is not an object store: give s3+http://host:port/bucket/prefix, s3://bucket/prefix or a "
          "folder's absolute path.")
define("registry.cli.database_error",
       zh="无法使用数据库 {db}：{reason}。",
       en="Cannot use the database {db}: {reason}.")
define("registry.cli.plain_data",
       zh="登记机构数据库中仍有未加密的个人信息（由旧版本写入）。请先备份数据库，再运行 "
          "learncenter-registry encrypt-data 用数据密钥加密，然后重试。",
       en="The registry's database still holds personal data in the clear (written by an older "
          "version). Back the database up, run learncenter-registry encrypt-data to seal it with "
          "the data key, then try again.")
define("registry.cli.wrong_data_key",
       zh="数据密钥 {given} 不是加密此数据库所用的密钥 {expected}：请使用原来的密钥文件"
          "（数据目录中的 registry-data.key，或环境变量 LEARNCENTER_REGISTRY_DATA_KEY 指向的文件）。",
       en="The data key {given} is not the key {expected} this database was sealed with: use the "
          "original key file (registry-data.key in the data directory, or the file "
          "LEARNCENTER_REGISTRY_DATA_KEY names).")
define("registry.cli.bad_key_file",
       zh="登记机构的密钥文件已损坏（{data_dir}）：请从备份中恢复密钥文件。",
       en="A key file of the registry is damaged ({data_dir}): restore the key files from the "
          "backup.")
define("registry.cli.sealed",
       zh="已用数据密钥 {key_id} 加密：记录 {records} 条、考生索引 {persons} 条、照片与扫描件 {blobs} 个、"
          "下行变更 {changes} 条、回执 {receipts} 份；数据库文件已重写。",
       en="Sealed with the data key {key_id}: {records} records, {persons} person index entries, "
          "{blobs} photos and scans, {changes} published changes and {receipts} receipts; the "
          "database files were rewritten.")
define("registry.cli.already_sealed",
       zh="数据库已用数据密钥 {key_id} 加密，无需处理。",
       en="The database is already sealed with the data key {key_id}; nothing to do.")
